import Link from "next/link";
import { guestPage, type GuestProps } from "@/lib/frontend/page-auth";
import { AuthLayout } from "../components/AuthLayout";
import { SignUpForm } from "../components/SignUpForm";

export const getServerSideProps = guestPage;

export default function SignUpPage({ next }: GuestProps) {
  const signInHref = next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`;
  return (
    <AuthLayout title="Create your account" footer={<>Already have an account? <Link href={signInHref}>Sign in</Link></>}>
      <SignUpForm next={next} />
    </AuthLayout>
  );
}
