export default function LauncherPage() {
  return null;
}
