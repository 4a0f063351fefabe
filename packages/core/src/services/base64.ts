// Base64 to bytes without Node's Buffer, so the same code runs in the browser.

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const utf8 = new TextDecoder("utf-8");

export function base64ToText(text: string): string {
  return utf8.decode(base64ToBytes(text));
}

export function bytesToText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
