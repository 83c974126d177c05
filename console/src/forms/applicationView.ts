// The application as the API shows it (申请详情), shared by the case view and the task forms.
import { api } from '../api';

export interface Criterion { code: string; label: string; mode: string; met: boolean | null; decidedBy: 'DATA' | 'REVIEW' | null; evidence: string }
export interface ApplicationView {
  applicationId: string; year: number; uscc: string; county: string; category: string; channel: string; status: string; statusLabel: string;
  history: Array<{ status: string; at: string; note?: string }>;
  recommendations: Array<{ recommendationId: string; department: string; category: string; reason: string; receivedAt: string }>;
  gate: { passed: boolean; via: string | null; refusals: Array<{ code: string; reason: string }> } | null;
  criteria: Criterion[] | null;
  scoresSubmitted: number;
  score: { total: number; passed: boolean; veto: boolean } | null;
  rank: number | null; explanation: string | null; noticeEndsAt: string | null;
  objections: Array<{ objectionId: string; receivedAt: string; status: string; reason?: string }>;
  designation: { designatedOn: string; validUntil: string; batch: string } | null;
  /** The evidence files the application cites. */
  evidence?: Array<{ evidenceId: string; field: string; title: string; fileName: string; sizeBytes: number | null }>;
}

export const getApplication = (year: number, uscc: string) => api<ApplicationView>(`/api/v1/applications/${year}/${uscc}`);
