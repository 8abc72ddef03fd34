import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  type ILevelsOptions,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import {
  absoluteUrl,
  type Block,
  type ExportSource,
  type Inline,
  imagePlaceholder,
} from "./document-model.ts";

// Word (DOCX, Office Open XML) through the `docx` package: A4, 맑은 고딕 for Korean and Latin
// text (Word substitutes a font the reader lacks), the head as a title and a metadata table,
// and the document's PNG, JPEG and GIF images embedded (Word does not read WebP: those are
// written as their alternative text).

const FONT = { ascii: "맑은 고딕", hAnsi: "맑은 고딕", eastAsia: "맑은 고딕", cs: "맑은 고딕" };
const CODE_FONT = { ascii: "Consolas", hAnsi: "Consolas", eastAsia: "맑은 고딕", cs: "Consolas" };
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;
// A4 in twentieths of a point, 20 mm margins; the text is 170 mm wide (about 642 pixels at 96 dpi).
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH_PX = 640;
const MAX_IMAGE_HEIGHT_PX = 860;
const INDENT = 400; // one list level, in twips

interface Context {
  source: ExportSource;
  /** One numbering definition per ordered list, so that each restarts at its own start. */
  numbering: { reference: string; levels: ILevelsOptions[] }[];
}

/** The document as a DOCX file. */
export async function renderDocx(source: ExportSource): Promise<Uint8Array> {
  const context: Context = { source, numbering: [] };
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: source.title })] }),
  ];
  if (source.metadata.length > 0) {
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: source.metadata.map(
          (entry) =>
            new TableRow({
              children: [
                new TableCell({
                  width: { size: 25, type: WidthType.PERCENTAGE },
                  shading: { type: ShadingType.CLEAR, fill: "F1F3F5", color: "auto" },
                  children: [new Paragraph({ children: [new TextRun({ text: entry.label, bold: true })] })],
                }),
                new TableCell({
                  width: { size: 75, type: WidthType.PERCENTAGE },
                  children: [new Paragraph({ text: entry.value })],
                }),
              ],
            }),
        ),
      }),
      new Paragraph({ text: "" }),
    );
  }
  children.push(...renderBlocks(source.blocks, context, 0));
  const document = new Document({
    title: source.title,
    subject: source.metadata.map((entry) => `${entry.label}: ${entry.value}`).join("; "),
    creator: "누리",
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 22, language: { value: "ko-KR", eastAsia: "ko-KR" } },
          paragraph: { spacing: { after: 120, line: 300 } },
        },
      },
    },
    numbering: {
      config: [
        ...context.numbering,
        // a placeholder, so that the numbering part exists even without ordered lists
        { reference: "nuri-none", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1." }] },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

const QUOTE_BORDER = { left: { style: BorderStyle.SINGLE, size: 18, color: "C2C8D0", space: 8 } };

function renderBlocks(
  blocks: readonly Block[],
  context: Context,
  level: number,
  quoted = false,
): (Paragraph | Table)[] {
  return blocks.flatMap((block) => renderBlock(block, context, level, quoted));
}

function renderBlock(block: Block, context: Context, level: number, quoted: boolean): (Paragraph | Table)[] {
  // Indented by its nesting; a quotation's paragraphs carry a bar on their left.
  const frame = {
    indent: level > 0 ? { left: INDENT * level } : undefined,
    border: quoted ? QUOTE_BORDER : undefined,
  };
  switch (block.type) {
    case "heading":
      return [
        new Paragraph({
          heading: HEADINGS[block.level - 1],
          ...frame,
          children: renderInlines(block.content, context.source),
        }),
      ];
    case "paragraph":
      return [new Paragraph({ ...frame, children: renderInlines(block.content, context.source) })];
    case "quote":
      return renderBlocks(block.blocks, context, level + 1, true);
    case "list": {
      const reference = `nuri-list-${context.numbering.length + 1}`;
      if (block.style === "ordered") {
        context.numbering.push({
          reference,
          levels: Array.from({ length: 9 }, (_, i) => ({
            level: i,
            format: LevelFormat.DECIMAL,
            text: `%${i + 1}.`,
            start: i === Math.min(level, 8) ? block.start : 1,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: INDENT * (i + 1), hanging: 360 } } },
          })),
        });
      }
      const out: (Paragraph | Table)[] = [];
      for (const item of block.items) {
        const [first, ...rest] = item.blocks;
        const marker =
          block.style === "task"
            ? [new TextRun({ text: item.checked ? "☑ " : "☐ " })]
            : ([] as ParagraphChild[]);
        const content =
          first && (first.type === "paragraph" || first.type === "heading")
            ? renderInlines(first.content, context.source)
            : [];
        const numbering =
          block.style === "ordered"
            ? { numbering: { reference, level: Math.min(level, 8) } }
            : block.style === "bullet"
              ? { bullet: { level: Math.min(level, 8) } }
              : { indent: { left: INDENT * (level + 1), hanging: 360 } };
        out.push(new Paragraph({ ...numbering, border: frame.border, children: [...marker, ...content] }));
        const remaining =
          first && (first.type === "paragraph" || first.type === "heading") ? rest : item.blocks;
        out.push(...renderBlocks(remaining, context, level + 1, quoted));
      }
      return out;
    }
    case "code":
      return block.text.split("\n").map(
        (line) =>
          new Paragraph({
            ...frame,
            spacing: { after: 0 },
            shading: { type: ShadingType.CLEAR, fill: "F1F3F5", color: "auto" },
            children: [new TextRun({ text: line, font: CODE_FONT, size: 19 })],
          }),
      );
    case "rule":
      return [
        new Paragraph({
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "8B949E", space: 1 } },
          children: [],
        }),
      ];
    case "image": {
      const embedded = context.source.images.get(block.src);
      const type =
        embedded?.contentType === "image/png"
          ? "png"
          : embedded?.contentType === "image/jpeg"
            ? "jpg"
            : embedded?.contentType === "image/gif"
              ? "gif"
              : null;
      if (!embedded || !type) {
        return [
          new Paragraph({
            ...frame,
            children: [new TextRun({ text: imagePlaceholder(context.source, block.alt), color: "57606A" })],
          }),
        ];
      }
      const scale = Math.min(1, TEXT_WIDTH_PX / embedded.width, MAX_IMAGE_HEIGHT_PX / embedded.height);
      return [
        new Paragraph({
          ...frame,
          children: [
            new ImageRun({
              type,
              data: embedded.data,
              transformation: {
                width: Math.max(1, Math.round(embedded.width * scale)),
                height: Math.max(1, Math.round(embedded.height * scale)),
              },
              altText: { name: block.alt || "image", description: block.alt, title: block.alt },
            }),
          ],
        }),
      ];
    }
    case "table": {
      const columns = Math.max(...block.rows.map((row) => row.reduce((sum, cell) => sum + cell.colspan, 0)));
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: block.rows.map(
            (row, index) =>
              new TableRow({
                tableHeader: index === 0 && row.every((cell) => cell.header),
                children: row.map((cell) => {
                  const content = renderBlocks(cell.blocks, context, 0);
                  return new TableCell({
                    columnSpan: cell.colspan > 1 ? cell.colspan : undefined,
                    rowSpan: cell.rowspan > 1 ? cell.rowspan : undefined,
                    width: { size: Math.floor((100 * cell.colspan) / columns), type: WidthType.PERCENTAGE },
                    shading: cell.header
                      ? { type: ShadingType.CLEAR, fill: "F1F3F5", color: "auto" }
                      : undefined,
                    // a cell must end with a paragraph
                    children: content.at(-1) instanceof Paragraph ? content : [...content, new Paragraph({})],
                  });
                }),
              }),
          ),
        }),
        new Paragraph({ children: [] }),
      ];
    }
  }
}

function renderInlines(content: readonly Inline[], source: ExportSource): ParagraphChild[] {
  return content.map((inline) => {
    if (inline.type === "break") return new TextRun({ break: 1 });
    const run = new TextRun({
      text: inline.text,
      bold: inline.marks.bold,
      italics: inline.marks.italic,
      underline: inline.marks.underline || inline.marks.link ? {} : undefined,
      strike: inline.marks.strike,
      highlight: inline.marks.highlight ? "yellow" : undefined,
      subScript: inline.marks.subscript,
      superScript: inline.marks.superscript,
      font: inline.marks.code ? CODE_FONT : undefined,
      color: inline.marks.link ? "0B57D0" : undefined,
    });
    return inline.marks.link
      ? new ExternalHyperlink({ link: absoluteUrl(inline.marks.link, source.origin), children: [run] })
      : run;
  });
}
