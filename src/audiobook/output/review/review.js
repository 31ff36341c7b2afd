"use strict";
// `audiobook review`: the script of each story with who says what, and a way to
// hear a line and say who really speaks it. Story text is data: it is only
// ever put on the page with textContent, never parsed as markup.
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const byId = (id) => document.getElementById(id);
  const player = byId("player");
  const rows = [];               // every segment's row, in order
  const corrections = new Map();  // "story:index" -> {story, quote, speaker}
  let current = -1;              // index into rows of the line the keys act on
  let stopAt = null;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const colors = new Map(data.characters.map((c) => [c.name, /^hsl\(\d+ \d+% \d+%\)$/.test(c.color) ? c.color : "#999"]));
  const safeAudio = (name) => (/^[^/\\:]+\.(mp3|m4b)$/.test(name) ? name : "");

  function render() {
    document.title = byId("title").textContent = data.title;
    const who = byId("character");
    for (const c of data.characters) who.appendChild(el("option", { value: c.name }, c.name));
    const script = byId("script");
    data.stories.forEach((story, s) => {
      script.appendChild(el("h3", {}, story.title));
      story.segments.forEach((seg, i) => script.appendChild(row(story, s, seg, i)));
    });
    const cast = byId("cast-list");
    for (const c of data.characters) {
      const item = el("li");
      const swatch = el("span", { class: "swatch" });
      swatch.style.setProperty("--speaker", colors.get(c.name));
      item.append(swatch, el("span", { class: "who" }, c.name), el("span", { class: "meta" }, `${c.lines} · ${c.voice}`));
      if (c.sample) {
        const hear = el("button", { type: "button", class: "sample", "aria-label": `Hear ${c.name}` }, "▶");
        hear.addEventListener("click", () => play(c.sample[0], c.sample[1]));
        item.appendChild(hear);
      }
      cast.appendChild(item);
    }
  }

  function row(story, s, seg, i) {
    const node = el("div", { class: `segment ${seg.kind}`, "data-story": String(s), "data-index": String(i) });
    const side = el("div", { class: "side" });
    if (seg.start !== null) {
      const button = el("button", { type: "button", class: "play", "aria-label": "Play this line" }, "▶");
      button.addEventListener("click", () => { select(rows.indexOf(node)); play(s, i); });
      side.appendChild(button);
    }
    if (seg.kind === "dialogue") {
      node.style.setProperty("--speaker", colors.get(seg.speaker) || "#999");
      node.appendChild(el("span", { class: "who" }, seg.speaker || "unknown"));
      const doubtful = seg.confidence <= data.doubt;
      node.dataset.doubtful = String(doubtful);
      side.appendChild(el("span", { class: doubtful ? "meta doubtful" : "meta" },
        `${seg.voice} · ${seg.how} · ${seg.confidence.toFixed(2)}`));
      const choose = el("select", { class: "assign", "aria-label": "Who really says this" });
      choose.appendChild(el("option", { value: "" }, "who says it?"));
      for (const c of data.characters) choose.appendChild(el("option", { value: c.name }, c.name));
      choose.addEventListener("change", () => correct(story, s, seg, i, choose.value));
      side.appendChild(choose);
    }
    node.appendChild(el("span", { class: "text" }, seg.text));
    node.appendChild(side);
    rows.push(node);
    return node;
  }

  function play(s, i) {
    const story = data.stories[s];
    const seg = story.segments[i];
    const src = safeAudio(seg.audio);
    if (!src || seg.start === null) return;
    if (player.getAttribute("src") !== src) player.setAttribute("src", src);
    const start = () => { player.currentTime = seg.start; stopAt = seg.end; player.play(); };
    if (player.readyState >= 1) start(); else player.addEventListener("loadedmetadata", start, { once: true });
    if (player.readyState < 1) player.load();
  }

  player.addEventListener("timeupdate", () => {
    if (stopAt !== null && player.currentTime >= stopAt) { player.pause(); stopAt = null; }
  });

  function tomlString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\u0000-\u001f\u007f]/g,
      (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + '"';
  }

  function correct(story, s, seg, i, speaker) {
    const key = `${s}:${i}`;
    if (!speaker || speaker === seg.speaker) corrections.delete(key);
    else corrections.set(key, { story: story.pinStory, quote: seg.quote, speaker });
    const blocks = [...corrections.values()].map((c) =>
      `[[pin]]\nstory = ${tomlString(c.story)}\nquote = ${tomlString(c.quote)}\nspeaker = ${tomlString(c.speaker)}\n`);
    byId("pin-block").textContent = blocks.join("\n");
    byId("copy").disabled = blocks.length === 0;
  }

  byId("copy").addEventListener("click", () => {
    const text = byId("pin-block").textContent;
    const done = () => { byId("copied").textContent = "copied"; };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
    function fallback() {
      const range = document.createRange();
      range.selectNodeContents(byId("pin-block"));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (document.execCommand("copy")) done(); else byId("copied").textContent = "press Ctrl+C to copy";
    }
  });

  function applyFilter() {
    const mode = byId("filter").value;
    const name = byId("character").value;
    for (const node of rows) {
      const seg = data.stories[node.dataset.story].segments[node.dataset.index];
      const hidden = (mode !== "all" && seg.kind !== "dialogue") || (mode === "doubtful" && node.dataset.doubtful !== "true")
        || (name && seg.speaker !== name);
      node.classList.toggle("hidden", hidden);
    }
  }
  byId("filter").addEventListener("change", applyFilter);
  byId("character").addEventListener("change", applyFilter);

  function select(index) {
    if (current >= 0) rows[current].classList.remove("current");
    current = index;
    if (current >= 0) { rows[current].classList.add("current"); rows[current].scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLSelectElement || event.ctrlKey || event.metaKey || event.altKey) return;
    const step = event.key === "n" ? 1 : event.key === "p" ? -1 : 0;
    if (step) {
      for (let k = current + step; k >= 0 && k < rows.length; k += step) {
        if (rows[k].dataset.doubtful === "true" && !rows[k].classList.contains("hidden")) { select(k); break; }
      }
    } else if (event.key === " " && current >= 0) {
      event.preventDefault();
      play(Number(rows[current].dataset.story), Number(rows[current].dataset.index));
    } else if (event.key === "a" && current >= 0) {
      const choose = rows[current].querySelector("select");
      if (choose) choose.focus();
    } else if (event.key === "Escape") {
      player.pause();
    }
  });

  render();
  applyFilter();
})();
