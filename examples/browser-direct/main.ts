// A chat page that calls the model straight from the browser with the official `openai` package, as a prototype or
// an internal tool does, and renders the answer as markdown (marked, sanitised by DOMPurify) on every delta. The
// base URL comes from the page's `?baseURL=` (streambench points it at its mock provider).
import OpenAI from 'openai';
import { marked } from 'marked';
import DOMPurify from 'dompurify';

const params = new URLSearchParams(location.search);
const client = new OpenAI({
  baseURL: params.get('baseURL') ?? 'https://api.openai.com/v1',
  apiKey: params.get('apiKey') ?? 'not-needed-for-the-mock',
  dangerouslyAllowBrowser: true,
});

const messages = document.getElementById('messages') as HTMLElement;
const form = document.getElementById('ask') as HTMLFormElement;
const input = document.getElementById('question') as HTMLTextAreaElement;

function bubble(role: 'user' | 'assistant'): HTMLElement {
  const element = document.createElement('article');
  element.className = `message ${role}`;
  messages.append(element);
  return element;
}

async function ask(question: string): Promise<void> {
  bubble('user').textContent = question;
  const answer = bubble('assistant');
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
    stream: true,
  });
  let text = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    answer.innerHTML = DOMPurify.sanitize(marked.parse(text, { async: false }));
    messages.scrollTop = messages.scrollHeight;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question) return;
  input.value = '';
  ask(question).catch((error: unknown) => {
    bubble('assistant').textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
  });
});
