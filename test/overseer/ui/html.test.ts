// The dashboard's one escaping helper: nothing a user wrote reaches a page as markup.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, raw } from '../../../overseer/ui/html.js';

describe('html: the one escaping helper', () => {
  it('escapes every interpolated text, in content and in attributes', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<a title="${name}">${name}</a>`.text).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</a>',
    );
  });

  it('keeps markup built with html once, and joins lists', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${html`<b>${'&'}</b>`}`.text).toBe('<b>&amp;</b>');
  });

  it('drops empty values and prints numbers', () => {
    expect(html`[${undefined}${null}${false}${0}${''}]`.text).toBe('[0]');
  });

  it('joins with an escaped separator', () => {
    expect(joinHtml([html`<i>a</i>`, 'b&c', ''], ' & ').text).toBe('<i>a</i> &amp; b&amp;c');
    expect(escapeHtml(raw('<x>').text)).toBe('&lt;x&gt;');
  });
});
