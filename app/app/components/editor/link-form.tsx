import type { Editor } from "@tiptap/core";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslator } from "../../i18n.ts";
import { normalizeLinkUrl } from "./link-url.ts";

/**
 * The link box under the toolbar: the address of the link at the selection (or a new one),
 * checked before it is applied; Escape or Cancel closes it and returns to the text.
 */
export function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const t = useTranslator();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const current = (editor.getAttributes("link").href as string | undefined) ?? "";
  const [value, setValue] = useState(current);
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const href = normalizeLinkUrl(value);
    if (!href) {
      setInvalid(true);
      input.current?.focus();
      return;
    }
    const chain = editor.chain().focus().extendMarkRange("link");
    if (editor.state.selection.empty && !editor.isActive("link")) {
      // Nothing selected: the address itself becomes the linked text.
      chain.insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] }).run();
    } else {
      chain.setLink({ href }).run();
    }
    onClose();
  };

  const remove = () => {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose();
  };

  return (
    <form
      className="editor-link-form"
      onSubmit={apply}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          close();
        }
      }}
    >
      <label htmlFor={`${id}-href`}>{t("documents.editor.link.label")}</label>
      <p id={`${id}-hint`} className="editor-link-form__hint">
        {t("documents.editor.link.hint")}
      </p>
      <input
        ref={input}
        id={`${id}-href`}
        type="text"
        inputMode="url"
        autoComplete="url"
        value={value}
        maxLength={2048}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={(event) => {
          setValue(event.target.value);
          setInvalid(false);
        }}
      />
      {invalid ? (
        <p id={`${id}-error`} className="editor-link-form__error" role="alert">
          {t("documents.editor.link.invalid")}
        </p>
      ) : null}
      <div className="editor-link-form__actions">
        <button type="submit" className="doc-button">
          {t("documents.editor.link.apply")}
        </button>
        {current ? (
          <button type="button" className="doc-button doc-button--secondary" onClick={remove}>
            {t("documents.editor.link.remove")}
          </button>
        ) : null}
        <button type="button" className="doc-button doc-button--secondary" onClick={close}>
          {t("documents.editor.link.cancel")}
        </button>
      </div>
    </form>
  );
}
