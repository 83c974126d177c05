// The console's top level: public pages need no sign-in; everything else needs a token and /me.
import { useCallback, useEffect, useState } from 'react';
import { Result, Spin } from 'antd';
import { api, ApiFailure, tokenStore } from './api';
import { SessionContext, type Me } from './session';
import { useLocation } from './router';
import { Shell } from './Shell';
import { SignIn } from './pages/SignIn';
import { PublicPages } from './pages/public/PublicPages';

export function App() {
  const { path } = useLocation();
  const [me, setMe] = useState<Me | null>(null);
  const [state, setState] = useState<'checking' | 'signedOut' | 'signedIn' | 'unreachable'>(tokenStore.get() ? 'checking' : 'signedOut');

  const signIn = useCallback(async (token: string) => {
    tokenStore.set(token);
    try {
      const who = await api<Me>('/api/v1/me');
      setMe(who);
      setState('signedIn');
    } catch (e) {
      tokenStore.clear();
      setState('signedOut');
      throw e;
    }
  }, []);
  const signOut = useCallback(() => {
    tokenStore.clear();
    setMe(null);
    setState('signedOut');
  }, []);

  useEffect(() => {
    const token = tokenStore.get();
    if (state === 'checking' && token) signIn(token).catch((e: ApiFailure) => e.status === 0 && setState('unreachable'));
  }, [state, signIn]);

  if (path === '/public' || path.startsWith('/public/')) return <PublicPages path={path} />;
  if (state === 'checking') return <Spin fullscreen tip="正在验证身份…" />;
  if (state === 'unreachable') return <Result status="warning" title="无法连接服务器" subTitle="请稍后刷新页面重试" />;
  if (state === 'signedOut' || !me) return <SignIn onSignIn={signIn} />;
  return (
    <SessionContext.Provider value={{ me, signOut }}>
      <Shell />
    </SessionContext.Provider>
  );
}
