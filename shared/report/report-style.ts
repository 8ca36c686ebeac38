/**
 * The customer report's one stylesheet, the only style its CSP allows (by hash): the report
 * document carries no scripts and loads nothing, so this text and the hash below travel
 * together. Changing the stylesheet means changing the hash; a unit test recomputes it
 * (shared code runs in the renderer too, which has no node:crypto, so the hash is a constant).
 * The app window's CSP lists the same hash so the Report tab's srcdoc frame is styled.
 */
export const REPORT_STYLE = `
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans", Arial, sans-serif; color: #5c6670; } }
* { box-sizing: border-box; }
html { color: #1b1f24; background: #fff; }
body { margin: 0; font: 10pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 182mm; margin: 0 auto; padding: 6mm 0; }
header.title { border-bottom: 2.5pt solid #1f4e79; padding-bottom: 4mm; margin-bottom: 5mm; }
header.title p.kicker { margin: 0; color: #1f4e79; font-size: 9pt; letter-spacing: 0.08em; text-transform: uppercase; font-weight: bold; }
h1 { margin: 1mm 0 2mm; font-size: 20pt; line-height: 1.2; }
h2 { margin: 7mm 0 2.5mm; font-size: 12.5pt; color: #1f4e79; border-bottom: 0.75pt solid #c5d3e0; padding-bottom: 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
.outcome { display: inline-block; padding: 1mm 3mm; border-radius: 2mm; font-weight: bold; border: 1pt solid currentColor; }
.outcome--done { color: #1e6b34; background: #eaf6ed; }
.outcome--cancelled { color: #6b5a1e; background: #fbf5e2; }
.outcome--support { color: #9b1c1c; background: #fdecec; }
.outcome--active { color: #1f4e79; background: #eaf1f8; }
dl.facts { display: grid; grid-template-columns: 38mm 1fr; gap: 1mm 4mm; margin: 3mm 0 0; }
dl.facts dt { color: #4a5560; }
dl.facts dd { margin: 0; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 1mm 0 2mm; font-size: 9pt; }
col.w5 { width: 5%; } col.w7 { width: 7%; } col.w10 { width: 10%; } col.w11 { width: 11%; } col.w12 { width: 12%; }
col.w14 { width: 14%; } col.w17 { width: 17%; } col.w18 { width: 18%; } col.w22 { width: 22%; } col.w27 { width: 27%; }
col.w28 { width: 28%; } col.w30 { width: 30%; } col.w34 { width: 34%; } col.w35 { width: 35%; } col.w36 { width: 36%; }
col.w42 { width: 42%; } col.w58 { width: 58%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1.4mm 2mm; border-bottom: 0.5pt solid #d5dce3; overflow-wrap: anywhere; }
th { background: #eef3f8; color: #24384d; font-weight: bold; }
td.num { overflow-wrap: normal; }
td.digest { white-space: nowrap; overflow-wrap: normal; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8pt; overflow-wrap: anywhere; word-break: break-all; }
.muted { color: #5c6670; }
.status { font-weight: bold; white-space: nowrap; }
.status--done { color: #1e6b34; }
.status--failed, .status--blocked { color: #9b1c1c; }
.status--skipped, .status--pending { color: #5c6670; }
.status--active { color: #1f4e79; }
.downtime { font-weight: bold; }
ul.open { margin: 0; padding-left: 5mm; }
ul.open li { margin-bottom: 1mm; }
section { break-inside: auto; }
section.signoff { break-inside: avoid; page-break-inside: avoid; margin-top: 8mm; }
.signoff__grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; }
.signoff__box { border: 0.75pt solid #9aa7b4; border-radius: 1.5mm; padding: 3mm 4mm; min-height: 34mm; }
.signoff__box h3 { margin: 0 0 2mm; font-size: 10.5pt; }
.line { border-bottom: 0.75pt solid #5c6670; height: 8mm; margin: 1mm 0 0.5mm; }
.line-label { font-size: 8pt; color: #5c6670; }
@media screen {
  html { background: #e9edf1; }
  main { max-width: 210mm; background: #fff; margin: 6mm auto; padding: 12mm 14mm; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.18); }
}
footer { margin-top: 6mm; font-size: 8pt; color: #5c6670; border-top: 0.5pt solid #d5dce3; padding-top: 2mm; }
`;

/** CSP source of REPORT_STYLE: 'sha256-<base64 of the SHA-256 of its UTF-8 bytes>'. */
export const REPORT_STYLE_HASH = "'sha256-EIwmG5WCAjWkkGdECf7CDwdf83zcu9Hq8rxRUerzEuM='";
