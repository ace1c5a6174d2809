import { create } from "qrcode";
import { useMemo } from "react";
import styles from "../styles/Account.module.css";

/** The dark modules of a QR code as one SVG path, one 1×1 square each. */
function modulePath(text: string): { size: number; d: string } {
  const { modules } = create(text, { errorCorrectionLevel: "M" });
  let d = "";
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) if (modules.get(row, col)) d += `M${col} ${row}h1v1h-1z`;
  }
  return { size: modules.size, d };
}

/** Drawn here, in the page: the secret it encodes never goes to a QR service. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, d } = useMemo(() => modulePath(text), [text]);
  return (
    <svg role="img" aria-label={label} viewBox={`-2 -2 ${size + 4} ${size + 4}`} className={styles.qr} shapeRendering="crispEdges">
      <path d={d} fill="#000000" />
    </svg>
  );
}
