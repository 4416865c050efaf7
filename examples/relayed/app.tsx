// The relayed example's frontend, built the way the AI SDK's chat template builds one: React, useChat
// (@ai-sdk/react) posting to the app's own backend at /api/chat and reading its UI message stream, and each text
// part rendered as markdown by Streamdown (the AI SDK team's streaming markdown component).
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { Streamdown } from 'streamdown';
import './style.css';

const transport = new DefaultChatTransport({ api: '/api/chat' });

function Chat() {
  const { messages, sendMessage, status } = useChat({ transport });
  const [input, setInput] = useState('');
  const list = useRef<HTMLElement>(null);
  const content = useRef<HTMLDivElement>(null);
  // Follow the answer as it grows, as chat UIs do (use-stick-to-bottom's way): on every change of the content's
  // size, not only on new messages, since a code block can grow after the last update.
  useEffect(() => {
    const scroller = list.current;
    if (!scroller || !content.current) return;
    const observer = new ResizeObserver(() => (scroller.scrollTop = scroller.scrollHeight));
    observer.observe(content.current);
    return () => observer.disconnect();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!input.trim()) return;
    void sendMessage({ text: input });
    setInput('');
  };
  return (
    <div id="app">
      <main id="messages" ref={list}>
        <div ref={content}>
          {messages.map((message) => (
            <article key={message.id} className={`message ${message.role}`}>
              {message.parts.map((part, i) =>
                part.type === 'text' ? (
                  <Streamdown key={i} isAnimating={status === 'streaming'}>
                    {part.text}
                  </Streamdown>
                ) : null,
              )}
            </article>
          ))}
        </div>
      </main>
      <form id="ask" onSubmit={submit}>
        <textarea id="question" rows={2} value={input} onChange={(e) => setInput(e.target.value)} />
        <button id="send" type="submit" disabled={status === 'submitted' || status === 'streaming'}>
          Send
        </button>
      </form>
    </div>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<Chat />);
