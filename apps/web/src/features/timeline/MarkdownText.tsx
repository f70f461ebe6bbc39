// Markdown of comments and notes, rendered without raw HTML: HTML in the text shows as the text it is,
// links are followed only when they are http(s) or mailto (and open in a new tab), and mentions
// (`[@Name](mention:<id>)`) show as the person's name.
import { Anchor, Badge, Typography } from '@mantine/core';
import Markdown, { type Components } from 'react-markdown';
import { mentionTarget, safeUrl } from './markdown';

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** A remark plugin: raw HTML (blocks and inline) becomes plain text instead of markup or nothing. */
function htmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

const REMARK_PLUGINS = [htmlAsText];

const urlTransform = (url: string) => safeUrl(url) ?? '';

const components: Components = {
  a({ href, children }) {
    if (mentionTarget(href) !== null) {
      return (
        <Badge component="span" variant="light" tt="none" radius="sm" data-mention={mentionTarget(href)}>
          {children}
        </Badge>
      );
    }
    if (href === undefined || href === '') return <span>{children}</span>;
    return (
      <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </Anchor>
    );
  },
  img({ alt }) {
    // Images from anywhere would leak who reads the card: show the alt text.
    return <span>{alt}</span>;
  },
};

export function MarkdownText({ text }: { text: string }) {
  return (
    <Typography
      style={{ overflowWrap: 'anywhere', fontSize: 'var(--mantine-font-size-sm)' }}
      className="timeline-markdown"
    >
      <Markdown remarkPlugins={REMARK_PLUGINS} urlTransform={urlTransform} components={components}>
        {text}
      </Markdown>
    </Typography>
  );
}
