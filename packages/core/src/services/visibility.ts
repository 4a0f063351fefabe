// Who sees which release. In a namespace shared by several people (a group project, or the
// single namespace), Onyxia lists the caller's own and the shared services. Orphans (no Onyxia
// secret) are listed too, unlike Onyxia, so members can see and delete them (onyxia#1011).

export interface Viewer {
  idep: string;
  /** True for group projects and the singleNamespace project. */
  sharedNamespace: boolean;
}

export function isVisibleTo(
  service: { owner: string | null; share: boolean; orphan: boolean },
  viewer: Viewer,
): boolean {
  if (!viewer.sharedNamespace) return true;
  return service.orphan || service.share || service.owner === viewer.idep;
}
