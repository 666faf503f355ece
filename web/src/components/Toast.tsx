// Transient messages ("Saved version 4"), and errors that need reading.
import { useEffect, useState } from 'react';

type Toast = { id: number; text: string; kind: 'ok' | 'error' };
let push: (t: Toast) => void = () => {};
let counter = 0;

export function toast(text: string, kind: 'ok' | 'error' = 'ok') {
  push({ id: ++counter, text, kind });
}

export function ToastHost() {
  const [list, setList] = useState<Toast[]>([]);
  useEffect(() => {
    push = (t) => {
      setList((l) => [...l, t]);
      setTimeout(() => setList((l) => l.filter((x) => x.id !== t.id)), t.kind === 'error' ? 8000 : 3000);
    };
  }, []);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
