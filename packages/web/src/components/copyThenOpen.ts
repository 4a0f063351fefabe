/** Copies the password (if any) before opening, as Onyxia's Open button does; returns whether it was copied. */
export async function copyThenOpen(url: string, password: string | undefined): Promise<boolean> {
  let copied = false;
  if (password) {
    try {
      await navigator.clipboard.writeText(password);
      copied = true;
    } catch {
      /* the page shows the password next to the button anyway */
    }
  }
  window.open(url, "_blank", "noopener,noreferrer");
  return copied;
}
