// Who is signed in: the token's identity as /api/v1/me returns it.
import { createContext, useContext } from 'react';

export interface Me {
  id: string;
  name: string;
  role: string;
  roleLabel: string;
  department: string | null;
  county: string | null;
  uscc: string | null;
}

export const SessionContext = createContext<{ me: Me; signOut: () => void } | null>(null);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const STAFF_ROLES = ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR'];
export const isStaff = (me: Me) => STAFF_ROLES.includes(me.role);
export const isAdmin = (me: Me) => me.role === 'COUNTY_AMR' || me.role === 'CITY_AMR';
