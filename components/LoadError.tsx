import { describeError } from "@/lib/frontend/fetcher";
import styles from "../styles/Form.module.css";
import { Button } from "./Button";

/** A failed load, said plainly, with a way to try again. */
export function LoadError({ error, retry, what }: { error: unknown; retry: () => void; what: string }) {
  return (
    <div role="alert" className={styles.alert}>
      <p>
        Could not load {what}. {describeError(error)}
      </p>
      <Button variant="secondary" size="small" onClick={retry}>
        Try again
      </Button>
    </div>
  );
}
