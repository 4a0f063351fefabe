// Onyxia's User and Project models (reference §1.2 `/user/info`, §1.3, §11).

export interface User {
  /** The username (Onyxia "idep"): an RFC 1123 label, used in namespaces and release owners. */
  idep: string;
  email: string;
  /** Full name; the web splits it on a space into first and family name. */
  nomComplet: string;
  ip: string;
  groups: string[];
  /** Sorted, as Onyxia does: the first role with a role-specific schema or quota wins. */
  roles: string[];
  /** Every token claim (catalog restrictions match on them). Never serialized. */
  attributes: Readonly<Record<string, unknown>>;
}

export interface Project {
  id: string;
  /** The raw group name; absent for the personal project. */
  group?: string;
  namespace: string;
  name: string;
  vaultTopDir: string;
}
