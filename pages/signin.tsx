import Link from "next/link";
import { guestPage, type GuestProps } from "@/lib/frontend/page-auth";
import { AuthLayout } from "../components/AuthLayout";
import { SignInForm } from "../components/SignInForm";

export const getServerSideProps = guestPage;

export default function SignInPage({ next }: GuestProps) {
  const signUpHref = next === "/" ? "/signup" : `/signup?next=${encodeURIComponent(next)}`;
  return (
    <AuthLayout title="Sign in" footer={<>New to Trax? <Link href={signUpHref}>Create an account</Link></>}>
      <SignInForm next={next} />
    </AuthLayout>
  );
}
