// The hosted page of a web form (`GET /f/{key}`): a small self-contained HTML page, no sign-in, no web app
// bundle, so it loads fast on its own and inside the embeddable snippet's iframe. It renders the public
// definition (the labels are the administrator's own words), adds the hidden honeypot input, posts JSON to
// the public intake API and shows the thank-you text, or each refusal next to its input. The page's own
// words are Russian, or English by `?lang=en` or an Accept-Language that prefers English.
import type { PublicForm } from '@voronka/contracts';

export type PageLocale = 'ru' | 'en';

const WORDS = {
  ru: {
    submit: 'Отправить',
    sending: 'Отправляем…',
    required: 'обязательное поле',
    notFoundTitle: 'Форма не найдена',
    notFound: 'Этой формы нет или она выключена.',
    failed: 'Не удалось отправить. Проверьте подключение и попробуйте ещё раз.',
    rateLimited: 'Слишком много отправок. Попробуйте через минуту.',
    fix: 'Проверьте поля формы.',
    thanks: 'Спасибо! Заявка отправлена.',
    reasons: {
      'is required': 'Заполните это поле',
      'is not a phone number': 'Это не номер телефона',
      'is not an e-mail address': 'Это не адрес e-mail',
      'the consent box must be ticked': 'Нужно ваше согласие',
      'give a phone or an e-mail to reply to': 'Укажите телефон или e-mail, чтобы мы могли ответить',
      'must be text': 'Введите текст',
    },
    tooLong: 'Слишком длинный текст',
  },
  en: {
    submit: 'Send',
    sending: 'Sending…',
    required: 'required',
    notFoundTitle: 'Form not found',
    notFound: 'This form does not exist or is switched off.',
    failed: 'Could not send. Check your connection and try again.',
    rateLimited: 'Too many submissions. Try again in a minute.',
    fix: 'Please check the fields.',
    thanks: 'Thank you! Your request has been sent.',
    reasons: {
      'is required': 'Please fill in this field',
      'is not a phone number': 'This is not a phone number',
      'is not an e-mail address': 'This is not an e-mail address',
      'the consent box must be ticked': 'Your consent is needed',
      'give a phone or an e-mail to reply to': 'Give a phone or an e-mail so we can reply',
      'must be text': 'Enter text',
    },
    tooLong: 'The text is too long',
  },
} as const;

/** `?lang=` wins; otherwise the first of ru / en in Accept-Language (by quality); Russian by default. */
export function pageLocale(lang: string | undefined, acceptLanguage: string | undefined): PageLocale {
  if (lang === 'ru' || lang === 'en') return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((t) => t.primary === 'ru' || t.primary === 'en')
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.primary === 'en' ? 'en' : 'ru';
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** JSON inside a <script>: nothing in it can close the element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;background:#f8f9fa}
body.embed{background:transparent}
main{max-width:520px;margin:32px auto;padding:24px;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
body.embed main{margin:0;box-shadow:none;padding:8px}
h1{font-size:1.35rem;margin:0 0 16px}
.field{margin-bottom:14px}
label{display:block;font-weight:500;margin-bottom:4px}
.req{color:#c92a2a;margin-left:2px}
input[type=text],input[type=tel],input[type=email],textarea{width:100%;padding:8px 10px;font:inherit;border:1px solid #ced4da;border-radius:4px}
textarea{min-height:96px;resize:vertical}
[aria-invalid=true]{border-color:#e03131}
.consent{display:flex;gap:8px;align-items:flex-start;font-weight:400}
.consent input{margin-top:4px}
.error{color:#e03131;font-size:.875rem;margin-top:4px}
.error:empty{display:none}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button{padding:10px 18px;font:inherit;font-weight:600;color:#fff;background:#1c7ed6;border:0;border-radius:4px;cursor:pointer}
button[disabled]{opacity:.6;cursor:default}
.thanks{font-size:1.1rem;white-space:pre-wrap}
`;

/** The page's script: reads the inputs, posts JSON, shows the outcome. Data comes from #form-data. */
const SCRIPT = `
(function(){
var d=JSON.parse(document.getElementById('form-data').textContent);
var form=document.getElementById('voronka-form');
var status=document.getElementById('form-status');
var q=new URLSearchParams(location.search);
var extra={};
['utm_source','utm_medium','utm_campaign','utm_content','utm_term'].forEach(function(k){if(q.get(k))extra[k]=q.get(k)});
extra.page_url=q.get('page_url')||location.href;
var ref=q.get('referrer')||document.referrer;if(ref)extra.referrer=ref;
function resize(){if(parent!==window)parent.postMessage({voronkaForm:d.key,height:document.documentElement.scrollHeight},'*')}
function reason(r){var m=/^must be at most/.test(r);return m?d.words.tooLong:(d.words.reasons[r]||r)}
function clear(){form.querySelectorAll('.error').forEach(function(e){e.textContent=''});form.querySelectorAll('[aria-invalid]').forEach(function(e){e.removeAttribute('aria-invalid')});status.textContent=''}
form.addEventListener('submit',function(ev){
ev.preventDefault();clear();
var body=Object.assign({},extra);
d.fields.forEach(function(f){var el=form.elements.namedItem(f.key);if(el&&el.value.trim()!=='')body[f.key]=el.value});
var hp=form.elements.namedItem(d.honeypot);if(hp&&hp.value)body[d.honeypot]=hp.value;
var c=form.elements.namedItem('consent');if(c&&c.checked)body.consent=true;
var btn=form.querySelector('button');btn.disabled=true;btn.textContent=d.words.sending;
fetch('/api/public/forms/'+encodeURIComponent(d.key)+'/submissions',{method:'POST',headers:{'content-type':'application/json',accept:'application/json, application/problem+json'},body:JSON.stringify(body)})
.then(function(res){return res.json().catch(function(){return {}}).then(function(j){return {res:res,j:j}})})
.then(function(o){
btn.disabled=false;btn.textContent=d.words.submit;
if(o.res.ok){var t=document.createElement('p');t.className='thanks';t.id='form-thanks';t.setAttribute('role','status');t.textContent=o.j.thankYouText||d.words.thanks;form.replaceWith(t);resize();return}
if(o.res.status===429){status.textContent=d.words.rateLimited;resize();return}
var shown=false;
(o.j.errors||[]).forEach(function(e){var key=String(e.field||'').replace(/^body\\./,'');var box=document.getElementById('error-'+key);if(box){box.textContent=reason(e.reason);shown=true;var el=form.elements.namedItem(key);if(el&&el.setAttribute)el.setAttribute('aria-invalid','true')}});
status.textContent=shown?d.words.fix:(o.j.detail||d.words.failed);resize();
})
.catch(function(){btn.disabled=false;btn.textContent=d.words.submit;status.textContent=d.words.failed;resize()});
});
addEventListener('load',resize);
})();
`;

const inputOf = (field: PublicForm['fields'][number]) => {
  const common = `id="field-${escapeHtml(field.key)}" name="${escapeHtml(field.key)}" aria-describedby="error-${escapeHtml(field.key)}"${field.required ? ' required aria-required="true"' : ''}`;
  if (field.target === 'comment') return `<textarea ${common}></textarea>`;
  const type = field.target === 'phone' ? 'tel' : field.target === 'email' ? 'email' : 'text';
  const autocomplete =
    field.target === 'phone'
      ? 'tel'
      : field.target === 'email'
        ? 'email'
        : field.target === 'name'
          ? 'name'
          : field.target === 'company'
            ? 'organization'
            : 'off';
  return `<input type="${type}" autocomplete="${autocomplete}" ${common}>`;
};

function page(locale: PageLocale, title: string, embed: boolean, content: string) {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body${embed ? ' class="embed"' : ''}>
<main>
${content}
</main>
</body>
</html>`;
}

/** The hosted page of an active form. */
export function renderHostedForm(form: PublicForm, key: string, locale: PageLocale, embed: boolean): string {
  const words = WORDS[locale];
  const fields = form.fields
    .map(
      (field) => `<div class="field">
<label for="field-${escapeHtml(field.key)}">${escapeHtml(field.label)}${field.required ? `<span class="req" aria-hidden="true">*</span><span class="hp">${words.required}</span>` : ''}</label>
${inputOf(field)}
<div class="error" id="error-${escapeHtml(field.key)}" role="alert"></div>
</div>`,
    )
    .join('\n');
  const consent =
    form.consent.required || form.consent.text
      ? `<div class="field">
<label class="consent"><input type="checkbox" id="field-consent" name="consent" value="true" aria-describedby="error-consent"${form.consent.required ? ' aria-required="true"' : ''}><span>${escapeHtml(form.consent.text)}</span></label>
<div class="error" id="error-consent" role="alert"></div>
</div>`
      : '';
  const data = {
    key,
    fields: form.fields.map((f) => ({ key: f.key })),
    honeypot: form.honeypotField,
    words,
  };
  return page(
    locale,
    form.name,
    embed,
    `<h1>${escapeHtml(form.name)}</h1>
<form id="voronka-form" novalidate>
${fields}
<div class="hp" aria-hidden="true"><label for="field-${escapeHtml(form.honeypotField)}">Website</label><input type="text" id="field-${escapeHtml(form.honeypotField)}" name="${escapeHtml(form.honeypotField)}" tabindex="-1" autocomplete="off"></div>
${consent}
<div class="error" id="form-status" role="alert"></div>
<button type="submit">${words.submit}</button>
</form>
<script type="application/json" id="form-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>`,
  );
}

/** What a missing, switched-off or rotated key shows. */
export function renderMissingForm(locale: PageLocale, embed: boolean): string {
  const words = WORDS[locale];
  return page(locale, words.notFoundTitle, embed, `<h1>${words.notFoundTitle}</h1><p>${words.notFound}</p>`);
}
