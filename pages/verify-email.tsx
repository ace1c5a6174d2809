import { publicPage } from "@/lib/frontend/page-auth";
import Link from "next/link";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { VerifyEmail } from "../components/VerifyEmail";
import { useLinkToken } from "../components/useLinkToken";

export const getServerSideProps = publicPage;

export default function VerifyEmailPage() {
  const token = useLinkToken();
  return (
    <AuthLayout title="Confirm your email" footer={<Link href="/signin">Sign in</Link>}>
      {token && <VerifyEmail token={token} />}
      {token === null && <Alert>This page needs the link from your email.</Alert>}
    </AuthLayout>
  );
}
