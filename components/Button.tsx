import type { ComponentProps } from "react";
import styles from "../styles/Button.module.css";

interface ButtonProps extends ComponentProps<"button"> {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  size?: "normal" | "small";
}

export function Button({ variant = "primary", size = "normal", className, type = "button", ...props }: ButtonProps) {
  const classes = [styles.button, styles[variant], size === "small" ? styles.small : "", className ?? ""].join(" ");
  return <button type={type} className={classes} {...props} />;
}
