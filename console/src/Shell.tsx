// The signed-in frame: header with who you are (role, department, county) and sign-out, the menu for
// the role, and the page for the path.
import { Button, Layout, Menu, Result, Tag, Typography } from 'antd';
import { countyName } from './labels';
import { match, navigate, useLocation } from './router';
import { isStaff, useSession, type Me } from './session';
import { Inbox } from './pages/staff/Inbox';
import { TaskPage } from './pages/staff/TaskPage';
import { CaseView } from './pages/staff/CaseView';
import { BusinessPage } from './pages/staff/BusinessPage';
import { Directory } from './pages/staff/Directory';
import { Dashboard } from './pages/staff/Dashboard';
import { Rulesets } from './pages/staff/Rulesets';
import { CategoryRules } from './pages/staff/CategoryRules';
import { Statistics } from './pages/staff/Statistics';
import { MyBusiness } from './pages/household/MyBusiness';
import { ApplyForm } from './pages/household/ApplyForm';
import { MyApplication } from './pages/household/MyApplication';
import { supportHome, supportMenu, supportPage } from './pages/supportRoutes';

const READERS = ['CITY_AMR', 'COUNTY_AMR', 'GRASSROOTS_STAFF', 'PROVINCIAL_AMR', 'AUDITOR'];

function menuFor(me: Me) {
  if (me.role === 'HOUSEHOLD') {
    return [
      { key: '/my', label: '我的分型' },
      { key: '/my/apply', label: '名特优新申报' },
      { key: '/my/application', label: '申报进度' },
      ...supportMenu(me),
    ];
  }
  const items: Array<{ key: string; label: string }> = [];
  if (isStaff(me) || me.role === 'AUDITOR') items.push({ key: '/inbox', label: '待办' }, { key: '/done', label: '已办' });
  if (READERS.includes(me.role)) items.push({ key: '/directory', label: '分型名录' }, { key: '/dashboard', label: '年度周期' });
  if (['CITY_AMR', 'COUNTY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'].includes(me.role)) items.push({ key: '/rulesets', label: '分型规则' });
  items.push(...supportMenu(me));
  if (READERS.includes(me.role)) items.push({ key: '/statistics', label: '统计监测' });
  // After the established entries: on a narrow header it folds into the overflow (…) first.
  if (['CITY_AMR', 'COUNTY_AMR', 'PROVINCIAL_AMR', 'GRASSROOTS_STAFF', 'AUDITOR'].includes(me.role)) items.push({ key: '/category-rules', label: '名特优新规则' });
  items.push({ key: '/public', label: '公示' });
  return items;
}

function home(me: Me) {
  const support = supportHome(me);
  if (support) return support;
  return me.role === 'HOUSEHOLD' ? '/my' : READERS.includes(me.role) ? (isStaff(me) || me.role === 'AUDITOR' ? '/inbox' : '/dashboard') : '/public';
}

function Page({ path, me }: { path: string; me: Me }) {
  let p: Record<string, string> | null;
  if (path === '/' || path === '') {
    queueMicrotask(() => navigate(home(me)));
    return null;
  }
  if (path === '/inbox') return <Inbox mode="open" />;
  if (path === '/done') return <Inbox mode="done" />;
  if ((p = match('/tasks/:id', path))) return <TaskPage id={p.id!} />;
  if ((p = match('/cases/:year/:uscc', path))) return <CaseView year={Number(p.year)} uscc={p.uscc!} />;
  if ((p = match('/businesses/:uscc', path))) return <BusinessPage uscc={p.uscc!} />;
  if (path === '/directory') return <Directory />;
  if (path === '/dashboard') return <Dashboard />;
  if (path === '/rulesets') return <Rulesets />;
  if (path === '/category-rules') return <CategoryRules />;
  if (path === '/statistics') return <Statistics />;
  if (path === '/my') return <MyBusiness />;
  if (path === '/my/apply') return <ApplyForm />;
  if (path === '/my/application') return <MyApplication />;
  const support = supportPage(path);
  if (support) return support;
  return <Result status="404" title="页面不存在" extra={<Button onClick={() => navigate(home(me))}>返回首页</Button>} />;
}

export function Shell() {
  const { me, signOut } = useSession();
  const { path } = useLocation();
  const items = menuFor(me);
  const selected = items.filter((i) => path === i.key || path.startsWith(`${i.key}/`)).map((i) => i.key).slice(-1);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, height: 'auto', minHeight: 64, flexWrap: 'wrap' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          个体工商户精准培育
        </Typography.Text>
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 200 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} onClick={(e) => navigate(e.key)} />
        </nav>
        <div className="header-identity" aria-label="当前身份" role="group">
          <span data-testid="identity-name">{me.name}</span>
          <Tag color="blue" data-testid="identity-role">{me.roleLabel}</Tag>
          {me.department && <Tag data-testid="identity-department">{me.department}</Tag>}
          {me.role !== 'HOUSEHOLD' && <Tag data-testid="identity-county">{countyName(me.county)}</Tag>}
          <Button size="small" onClick={signOut}>
            退出登录
          </Button>
        </div>
      </Layout.Header>
      <Layout.Content>
        <div className={me.role === 'HOUSEHOLD' ? 'narrow' : 'page'}>
          <Page path={path} me={me} />
        </div>
      </Layout.Content>
    </Layout>
  );
}
