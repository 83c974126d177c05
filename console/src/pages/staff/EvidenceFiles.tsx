// 佐证材料: the application's evidence files, each previewed in the page (images inline, PDFs in a
// frame) from a blob fetched with the user's token, and downloadable.
import { Alert, Button, List, Space } from 'antd';
import { useEffect, useState } from 'react';
import { download, saveBlob } from '../../api';

interface Evidence { evidenceId: string; field: string; title: string; fileName?: string }

function Preview({ file }: { file: Evidence }) {
  const [state, setState] = useState<{ url: string; type: string; blob: Blob } | { error: string } | null>(null);
  useEffect(() => {
    let url: string | null = null;
    download(`/api/v1/evidence/${file.evidenceId}`)
      .then((blob) => { url = URL.createObjectURL(blob); setState({ url, type: blob.type, blob }); })
      .catch((e: Error) => setState({ error: e.message }));
    return () => { if (url) URL.revokeObjectURL(url); };
  }, [file.evidenceId]);
  if (!state) return <span>加载中…</span>;
  if ('error' in state) return <Alert type="error" message={state.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {state.type.startsWith('image/') ? (
        <img src={state.url} alt={`佐证材料：${file.fileName ?? file.title}`} data-testid="evidence-image" data-bytes={state.blob.size} style={{ maxWidth: '100%', maxHeight: 360 }} />
      ) : state.type === 'application/pdf' ? (
        <iframe src={state.url} title={`佐证材料：${file.fileName ?? file.title}`} data-testid="evidence-pdf" data-bytes={state.blob.size} style={{ width: '100%', height: 420, border: '1px solid #d9d9d9' }} />
      ) : null}
      <Button size="small" onClick={() => saveBlob(state.blob, file.fileName ?? file.title)}>下载 {file.fileName ?? file.title}</Button>
    </Space>
  );
}

export function EvidenceFiles({ files }: { files: Evidence[] }) {
  return (
    <List data-testid="case-evidence" dataSource={files} locale={{ emptyText: '未上传佐证材料' }}
      renderItem={(f) => <List.Item key={f.evidenceId}><List.Item.Meta title={f.fileName ?? f.title} description={`对应填报项：${f.field}`} /><Preview file={f} /></List.Item>} />
  );
}
