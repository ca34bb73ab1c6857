// A rich text field (TipTap in Mantine's editor): bold, italic, underline, strike-through,
// headings, lists, quotes, links. Its value is HTML, which the server sanitizes when it is saved.
import '@mantine/tiptap/styles.css';

import { Input } from '@mantine/core';
import { Link, RichTextEditor } from '@mantine/tiptap';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useRef } from 'react';

import classes from './Knowledge.module.css';

type Props = {
  label: string;
  /** What a screen reader calls the text (the label, by default). */
  ariaLabel?: string;
  description?: string | null;
  value: string;
  onChange: (html: string) => void;
  error?: string | undefined;
  /** Focuses the editor when it appears. */
  autoFocus?: boolean;
};

export function RichTextInput({ label, ariaLabel, description, value, onChange, error, autoFocus }: Props) {
  const id = useId();
  // The editor keeps the callbacks it was made with: it calls the newest through this.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  const attributes: Record<string, string> = {
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': ariaLabel ?? label,
    'aria-invalid': error ? 'true' : 'false',
    ...(description ? { 'aria-describedby': `${id}-description` } : {}),
  };
  const editor = useEditor({
    extensions: [
      // The sections of an article are its <h2>: inside one, the headings are h3 and h4.
      StarterKit.configure({ link: false, heading: { levels: [3, 4] } }),
      Link.configure({ openOnClick: false, autolink: true, defaultProtocol: 'https', protocols: ['http', 'https', 'mailto', 'tel'] }),
    ],
    content: value,
    autofocus: autoFocus ? 'end' : false,
    immediatelyRender: true,
    shouldRerenderOnTransaction: true,
    editorProps: { attributes },
    onUpdate: ({ editor: e }) => onChangeRef.current(e.isEmpty ? '' : e.getHTML()),
  });

  // A value set from outside (a template chosen, the form reset) replaces the text.
  useEffect(() => {
    if (editor.isDestroyed) return;
    const current = editor.isEmpty ? '' : editor.getHTML();
    if (current !== value) editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);

  const attributesKey = JSON.stringify(attributes);
  useEffect(() => {
    if (!editor.isDestroyed) editor.setOptions({ editorProps: { attributes: JSON.parse(attributesKey) as Record<string, string> } });
  }, [editor, attributesKey]);

  return (
    <Input.Wrapper
      label={label}
      description={description}
      error={error}
      id={id}
      descriptionProps={{ id: `${id}-description` }}
      // The label names the editable area (a div), which a <label for> cannot point to.
      labelProps={{ htmlFor: undefined, onClick: () => editor.commands.focus() }}
    >
      <RichTextEditor editor={editor} className={classes.editor} data-error={error ? 'true' : undefined} mt={4}>
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.Underline />
            <RichTextEditor.Strikethrough />
            <RichTextEditor.ClearFormatting />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H3 />
            <RichTextEditor.H4 />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
            <RichTextEditor.Blockquote />
            <RichTextEditor.Code />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Undo />
            <RichTextEditor.Redo />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
