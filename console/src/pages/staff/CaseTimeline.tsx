// 办理记录: who did what and when on an application, from the audit trail (the API names staff only).
import { Alert, Timeline, Typography } from 'antd';
import { api } from '../../api';
import { AUDIT_ACTION_LABELS, formatTime, roleName, TASK_KIND_LABELS } from '../../labels';
import { useAsync } from '../../useAsync';

export interface TimelineEntry {
  at: string; action: string; actorRole: string; actorName: string | null; targetType: string; taskKind: string | null; note: string | null;
}

const actorOf = (e: TimelineEntry) =>
  e.actorRole === 'SYSTEM' ? '系统' : e.actorRole === 'PUBLIC' ? '公众' : e.actorName ? `${e.actorName}（${roleName(e.actorRole)}）` : roleName(e.actorRole);

export function CaseTimeline({ year, uscc }: { year: number; uscc: string }) {
  const timeline = useAsync(() => api<{ items: TimelineEntry[] }>(`/api/v1/applications/${year}/${uscc}/timeline`), [year, uscc]);
  if (timeline.error) return <Alert type="error" showIcon message={timeline.error.explained} />;
  return (
    <div data-testid="case-audit">
      <Timeline
        items={(timeline.data?.items ?? []).map((e) => ({
          children: (
            <div data-testid="case-audit-entry">
              <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>{' '}
              <span>{actorOf(e)}</span>{' '}
              <strong>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</strong>
              {e.taskKind && <span>（{TASK_KIND_LABELS[e.taskKind] ?? e.taskKind}）</span>}
              {e.note && <div>{e.note}</div>}
            </div>
          ),
        }))}
      />
      {timeline.data?.items.length === 0 && <Typography.Text type="secondary">暂无记录</Typography.Text>}
    </div>
  );
}
