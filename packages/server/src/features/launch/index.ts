// PUT /my-lab/app: validate, namespace, quota, helm install, ownership record.
export { launch, type LaunchResult } from "./launch.ts";
