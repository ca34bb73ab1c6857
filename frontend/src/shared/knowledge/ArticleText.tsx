// Rendering the knowledge base's HTML. The server sanitizes every article's rich text when it is
// saved and escapes the text of snippets (only `<mark>` is markup), so both are set as HTML.
import { Text, Typography, type TextProps } from '@mantine/core';

import classes from './Knowledge.module.css';

/** A search hit's snippet, its matches highlighted. */
export function Snippet({ html, lineClamp, ...props }: { html: string; lineClamp?: number } & Omit<TextProps, 'children'>) {
  return <Text size="sm" className={classes.snippet} lineClamp={lineClamp} {...props} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** An article's (sanitized) rich text with the app's typography. */
export function ArticleHtml({ html, label }: { html: string; label?: string }) {
  return (
    <Typography>
      <div className={classes.html} aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
