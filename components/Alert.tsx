import type { ReactNode } from "react";
import styles from "../styles/Form.module.css";

/** A message that screen readers announce as it appears. */
export function Alert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" }) {
  if (!children) return null;
  return (
    <div role={tone === "error" ? "alert" : "status"} className={tone === "error" ? styles.alert : styles.success}>
      {children}
    </div>
  );
}
