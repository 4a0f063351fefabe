// The services write side routes: launch, delete, rename/share/suspend/resume, edit, onboarding.
export { registerLifecycleRoutes } from "./register.ts";
