import { publicPage } from "@/lib/frontend/page-auth";
import Link from "next/link";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { ResetPasswordForm } from "../components/ResetPasswordForm";
import { useLinkToken } from "../components/useLinkToken";

export const getServerSideProps = publicPage;

export default function ResetPasswordPage() {
  const token = useLinkToken();
  return (
    <AuthLayout title="Choose a new password" footer={<Link href="/forgot-password">Ask for a new link</Link>}>
      {token && <ResetPasswordForm token={token} />}
      {token === null && <Alert>This page needs the link from your email. Ask for a new one if it has expired.</Alert>}
    </AuthLayout>
  );
}
