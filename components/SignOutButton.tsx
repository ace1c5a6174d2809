import { useRouter } from "next/router";
import { useState } from "react";
import { signOut } from "@/lib/frontend/mutations";
import { Button } from "./Button";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function handleClick() {
    setPending(true);
    // Even if the server already forgot the session, this browser is signed out now.
    await signOut().catch(() => undefined);
    await router.replace("/signin");
  }

  return (
    <Button variant="secondary" size="small" onClick={handleClick} disabled={pending}>
      Sign out
    </Button>
  );
}
