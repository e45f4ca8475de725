// Diagrams drawn as inline SVG from this run's numbers (no image from elsewhere), used by the Start-here
// path, One step and the toy corpus: the window sliding over a real passage with the pairs it yields and
// the words subsampling dropped; the two tables as grids with the rows one step touches lit; the chain
// v_c·u → s → σ(s) → g → gradient → update with this step's numbers on it.
// SVG's namespace, from an <svg> the HTML parser made (page.html): the page spells out no URL at all.
const SVGNS = document.getElementById("svg-ns").namespaceURI;
function svg(tag, attrs, ...kids) {
  const n = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
  for (const c of kids) n.append(c instanceof Node ? c : document.createTextNode(String(c)));   // words as text only
  return n;
}
function textWidth(s, size) { return s.length * size * 0.58 + 10; }   // a word's box, at this font size

// The window around words[centre]: every word within `window` positions is a context word (an arc from
// the centre); `dropped` (a Set of positions) are the words subsampling removed this time (struck, grey;
// the window closes over them, as pairs.py's windows run over the kept tokens).
function widthFor(box) { return (sizeOf(box)[0] || 560) - 8; }   // a diagram as wide as its box, 1 unit a pixel
function windowDiagram(words, centre, window, dropped = new Set(), chosen = -1, width = 560) {
  const size = 14, gap = 6, rowW = Math.max(280, Math.min(900, width)), boxes = [];   // about 1 unit a pixel
  const rowH = centre >= 0 ? 64 : 32;                 // room for the arcs only when there are arcs
  let x = 0, y = centre >= 0 ? 40 : 6;
  words.forEach((w, i) => {
    const bw = textWidth(w, size);
    if (x + bw > rowW && x > 0) { x = 0; y += rowH; }
    boxes.push({x, y, w: bw}); x += bw + gap;
  });
  const kept = words.map((_, i) => i).filter(i => !dropped.has(i)), at = kept.indexOf(centre);
  const inWin = at < 0 ? [] : kept.filter((i, k) => i !== centre && Math.abs(k - at) <= window);
  const root = svg("svg", {viewBox: `-4 0 ${rowW + 8} ${y + 40}`, class: "diagram", role: "img", style: `max-width:${rowW + 8}px`,   // 1 unit a pixel
    "aria-label": centre >= 0 ? `the window of ${window} words on each side of “${words[centre]}”`
      : `the passage: ${words.join(" ")}` + (dropped.size ? `; subsampling dropped ${[...dropped].map(i => words[i]).join(", ")}` : "")});
  for (const i of inWin) {                           // arcs from the centre to each of its context words
    const a = boxes[centre], b = boxes[i], x1 = a.x + a.w / 2, x2 = b.x + b.w / 2, top = Math.min(a.y, b.y) - 4;
    const lift = 14 + 5 * Math.abs(inWin.indexOf(i) - inWin.length / 2);
    const d = a.y === b.y ? `M${x1},${a.y - 2} C${x1},${top - lift} ${x2},${top - lift} ${x2},${b.y - 2}`   // same row: over the top
      : a.y < b.y ? `M${x1},${a.y + 26} C${x1},${b.y - 20} ${x2},${a.y + 40} ${x2},${b.y - 2}`              // to the next row: down
      : `M${x1},${a.y - 2} C${x1},${b.y + 40} ${x2},${a.y - 20} ${x2},${b.y + 26}`;                        // to the row above: up
    root.append(svg("path", {d, fill: "none", stroke: i === chosen ? "#1f8a4c" : "#9fb3ea", "stroke-width": i === chosen ? 2.5 : 1.5}));
  }
  words.forEach((w, i) => {
    const b = boxes[i], role = i === centre ? "centre" : i === chosen ? "context" : inWin.includes(i) ? "inwin" : dropped.has(i) ? "dropped" : "";
    const fill = {centre: "#3558d6", context: "#1f8a4c", inwin: "#e7eefc", dropped: "#f4f4f6"}[role] || "#f3f5fa";
    root.append(svg("rect", {x: b.x, y: b.y, width: b.w, height: 24, rx: 5, fill, stroke: "#c9d0dc"}),
      svg("text", {x: b.x + b.w / 2, y: b.y + 17, "text-anchor": "middle", "font-size": size,
        fill: role === "centre" || role === "context" ? "#fff" : role === "dropped" ? "#9aa1b0" : "#1d2330",
        "text-decoration": role === "dropped" ? "line-through" : "none"}, w));
  });
  const caption = [centre >= 0 ? `${inWin.length} pair${inWin.length === 1 ? "" : "s"} with “${words[centre]}” as the centre` : `${words.length} tokens`,
    dropped.size ? `${dropped.size} word${dropped.size === 1 ? "" : "s"} dropped by subsampling (struck)` : ""].filter(Boolean);
  root.append(svg("text", {x: 0, y: y + 38, "font-size": 12, fill: "#5b6474", class: "diagram-caption"}, caption.join(" · ")));
  return root;
}

// The two tables, V × d, as grids: a few rows drawn (the touched ones, coloured by their values, between
// "⋮" for the rest), the rows one step touches lit and named. rowsIn/rowsOut: [[label, values], ...].
function tablesDiagram(V, d, rowsIn, rowsOut, shownDims = 16) {
  const cell = 14, lab = 96, gapY = 6, colW = lab + shownDims * cell + 40;
  const height = 40 + Math.max(rowsIn.length, rowsOut.length) * (cell + gapY) * 2 + 30;
  const root = svg("svg", {viewBox: `0 0 ${2 * colW + 10} ${height}`, class: "diagram", role: "img",
    "aria-label": "the two tables with the rows this step touches"});
  const heat = x => { const a = Math.round(255 * (1 - Math.min(1, Math.abs(x)))); return x >= 0 ? `rgb(255,${a},${a})` : `rgb(${a},${a},255)`; };
  [["W_in (v: a word as the centre)", rowsIn, 0], ["W_out (u: as context or noise)", rowsOut, colW + 10]].forEach(([title, rows, x0]) => {
    root.append(svg("text", {x: x0, y: 14, "font-size": 13, "font-weight": 600, fill: "#1d2330"}, title),
      svg("text", {x: x0, y: 30, "font-size": 11, fill: "#5b6474"}, `${nice(V)} rows × ${d} numbers; ${rows.length} touched, lit`));
    const m = Math.max(1e-12, ...rows.flatMap(([, v]) => Array.from(v.slice(0, shownDims), Math.abs)));
    rows.forEach(([label, v, role], r) => {
      const y = 44 + r * 2 * (cell + gapY);
      root.append(svg("text", {x: x0 + lab / 2, y: y - 4, "text-anchor": "middle", "font-size": 12, fill: "#9aa1b0"}, "⋮"));
      root.append(svg("text", {x: x0, y: y + cell + 8, "font-size": 12, fill: role === "neg" ? "#c53030" : role === "pos" ? "#1f8a4c" : "#3558d6"}, label));
      for (let t = 0; t < Math.min(shownDims, d); t++)
        root.append(svg("rect", {x: x0 + lab + t * cell, y: y + 6, width: cell - 1, height: cell - 1, fill: heat(v[t] / m)}));
      root.append(svg("rect", {x: x0 + lab - 2, y: y + 4, width: Math.min(shownDims, d) * cell + 3, height: cell + 3, fill: "none",
        stroke: role === "neg" ? "#c53030" : role === "pos" ? "#1f8a4c" : "#3558d6", "stroke-width": 2}));
      if (d > shownDims) root.append(svg("text", {x: x0 + lab + shownDims * cell + 4, y: y + cell + 4, "font-size": 11, fill: "#9aa1b0"}, "…"));
    });
  });
  return root;
}

// The chain of one score: v_c·u → s → σ(s) → g → ∂L/∂u = g·v_c → the update, with this step's numbers.
// steps: [[box text, arrow text], ...]; the last box has no arrow. Boxes wrap onto a new row within `width`
// (a phone's column), where the arrow comes in from the row's left edge, so the text stays at its size.
function chainDiagram(steps, title, width = 760) {
  const size = 12, boxH = 30, gap = 44, rowH = boxH + 40, widths = steps.map(([t]) => textWidth(t, size) + 6);
  const maxW = Math.max(240, width), at = [];
  let x = 0, row = 0;
  widths.forEach((w, i) => {
    if (i > 0 && x + gap + w > maxW) { row++; x = Math.max(gap, textWidth(steps[i - 1][1] || "", 10) + 16); }   // the arrow's label fits
    else if (i > 0) x += gap;
    at.push({x, row}); x += w;
  });
  const total = Math.max(...at.map((a, i) => a.x + widths[i])), rows = row + 1;
  const root = svg("svg", {viewBox: `0 0 ${total + 4} ${rows * rowH}`, class: "diagram chain", role: "img", "aria-label": title,
    style: `max-width:${total + 4}px`});
  steps.forEach(([text, arrow], i) => {
    const {x: bx, row: r} = at[i], y = 4 + r * rowH, mid = y + 15;
    root.append(svg("rect", {x: bx, y, width: widths[i], height: boxH, rx: 6, fill: "#f3f5fa", stroke: "#b9c9f2"}),
      svg("text", {x: bx + widths[i] / 2, y: y + 19, "text-anchor": "middle", "font-size": size, fill: "#1d2330"}, text));
    if (i === 0) return;
    const wrapped = at[i - 1].row !== r;               // continued from the row above: the arrow starts at the edge, dashed
    const label = steps[i - 1][1] || "", x1 = wrapped ? 2 : at[i - 1].x + widths[i - 1] + 2, x2 = bx - 6;
    root.append(svg("line", {x1, y1: mid, x2, y2: mid, stroke: "#3558d6", "stroke-width": 1.5, ...(wrapped ? {"stroke-dasharray": "3 3"} : {})}),
      svg("path", {d: `M${x2},${mid} l-6,-4 l0,8 z`, fill: "#3558d6"}),
      svg("text", {x: wrapped ? 2 : (x1 + x2) / 2, y: y + 44, "text-anchor": wrapped ? "start" : "middle", "font-size": 10, fill: "#3558d6"}, label));
  });
  return el("div", {class: "chainbox"}, el("div", {class: "small muted", text: title}), root);   // the title wraps as text
}
