import { publicPage } from "@/lib/frontend/page-auth";
import Link from "next/link";
import { AuthLayout } from "../components/AuthLayout";
import { ForgotPasswordForm } from "../components/ForgotPasswordForm";

export const getServerSideProps = publicPage;

export default function ForgotPasswordPage() {
  return (
    <AuthLayout title="Forgot password" footer={<>Remembered it? <Link href="/signin">Sign in</Link></>}>
      <ForgotPasswordForm />
    </AuthLayout>
  );
}
