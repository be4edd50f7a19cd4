import { formatPairingCode } from '@ioc/protocol';
import { useEffect, useState } from 'react';
import { useWall } from '../state/hooks';
import { Clock } from './clock';
import './pairing.css';

/** Always both languages: the technician at the wall may read either. */
const TEXT = {
  title: { vi: 'Ghép màn hình này vào tường', en: 'Pair this display with the wall' },
  steps: {
    vi: 'Trên bảng điều khiển, mở «Ghép màn hình», chọn mã này và vị trí của màn hình trên tường (kỹ thuật viên hoặc quản trị).',
    en: 'On the control console, open “Enroll displays”, pick this code and this display’s position on the wall (technician or admin).',
  },
  requesting: { vi: 'Đang xin mã ghép từ máy chủ…', en: 'Requesting a pairing code from the server…' },
  tokenInAddress: {
    vi: 'Địa chỉ không còn mang mã thiết bị (token=), màn hình đã xóa nó: dùng mã ghép dùng một lần (code=) do «ops wall-device enroll» in ra.',
    en: 'Addresses no longer carry device tokens (token=), this display removed it: use a single-use code (code=) printed by “ops wall-device enroll”.',
  },
  noData: { vi: 'Màn hình chưa được ghép sẽ không nhận dữ liệu.', en: 'A display that is not paired receives no data.' },
} as const;

function minutesLeft(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil((expiresAt - now) / 60_000));
}

/**
 * Full-window pairing code of a page with no device token: large enough to read across the
 * room, with the server's address and what to do, in Vietnamese and English. Never blank:
 * while the code is being asked for, it says so. A renewed code replaces the old one in place.
 */
export function PairingScreen() {
  const pairing = useWall((s) => s.pairing);
  const tokenInAddress = useWall((s) => s.tokenInAddress);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const code = pairing?.code ?? null;
  const expiresAt = pairing?.expiresAt ?? null;
  const params = new URLSearchParams(window.location.search);
  const asked = ['wall', 'display', 'renderer'].flatMap((n) => (params.get(n) ? [`${n} = ${params.get(n)}`] : []));
  return (
    <main data-testid="pairing-screen" data-code={code ?? ''} className={`status-screen pairing-screen${tokenInAddress ? ' with-token-note' : ''}`}>
      <h1 className="status-title">{TEXT.title.vi}</h1>
      <h2 className="status-title-en" lang="en">
        {TEXT.title.en}
      </h2>
      {code ? (
        <p data-testid="pairing-code" className="pairing-code" aria-label={code.split('').join(' ')}>
          {formatPairingCode(code)}
        </p>
      ) : (
        <p className="pairing-waiting">
          {TEXT.requesting.vi}
          <br />
          <span lang="en">{TEXT.requesting.en}</span>
        </p>
      )}
      {pairing?.error ? <p className="status-hint">{pairing.error}</p> : null}
      {tokenInAddress ? (
        <p data-testid="pairing-token-note" className="pairing-token-note">
          {TEXT.tokenInAddress.vi}
          <br />
          <span lang="en">{TEXT.tokenInAddress.en}</span>
        </p>
      ) : null}
      <p className="pairing-steps">{TEXT.steps.vi}</p>
      <p className="pairing-steps status-en" lang="en">
        {TEXT.steps.en}
      </p>
      <p className="status-meta">
        Máy chủ / Server: <span data-testid="pairing-server">{window.location.origin}</span>
        {asked.length ? <span className="pairing-asked">{` · ${asked.join(' · ')}`}</span> : null}
      </p>
      {code && expiresAt ? (
        <p className="status-retry">
          Mã đổi sau {minutesLeft(expiresAt, now)} phút / <span lang="en">A new code in {minutesLeft(expiresAt, now)} min</span>
        </p>
      ) : null}
      <p className="status-hint pairing-no-data">
        {TEXT.noData.vi} / <span lang="en">{TEXT.noData.en}</span>
      </p>
      <Clock />
    </main>
  );
}
