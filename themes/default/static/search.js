// Full-text search over the bigram index written by showcase under search/.
// The index files are plain scripts that register themselves with window.__showcaseSearch,
// so search works from a static host and also when the site is opened from disk.
// Tokenising must match src/render/html/search/tokens.rs: bigrams of adjacent Chinese
// characters (a lone character is its own token) and lower-cased ASCII words; a token's shard
// is the FNV-1a hash of its code points modulo the shard count.
// Postings and stored texts are bit streams of 15 bits per character (U+3400 + value;
// search/bits.rs). A postings list (search/postings.rs) is a bitmap or Rice-coded gaps; a
// stored text (search/textcode.rs) is a canonical Huffman code over the symbols of
// search/text.js (characters and common pairs and triples of them).
// Candidates holding every token are then checked against the stored text of each document
// (search/doc/<id / 4>.js, loaded only for the documents shown): a hit must hold every word of
// the query as a phrase; title hits come first; the sentence with the phrase is shown.
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !statusEl || !list) {
    return;
  }

  var root = form.getAttribute("data-root") || "";
  var PAGE = 10; // verified results shown per step
  var CHECK = 40; // stored texts checked per step at most
  var PACK = 4; // stored texts per search/doc/ file (search/mod.rs)
  var reg = (window.__showcaseSearch = {
    _manifest: null,
    _text: null,
    _shards: {},
    _docs: {},
    manifest: function (m) { reg._manifest = m; },
    text: function (counts, syms) { reg._text = textModel(counts, syms); },
    shard: function (k, keys, lists) { reg._shards[k] = { keys: keys, lists: lists, map: null }; },
    docs: function (first, arrs) {
      arrs.forEach(function (arr, i) { reg._docs[first + i] = arr; });
    }
  });
  var loading = {};
  var latest = 0;
  var timer = null;
  var more = null; // the "show more" button of the current search
  var state = null; // the current search: terms, candidates, position, shown count

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.classList.toggle("is-error", Boolean(isError));
  }

  function clearResults() {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (more) {
      more.remove();
      more = null;
    }
  }

  function loadScript(path, ready) {
    if (ready()) {
      return Promise.resolve();
    }
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + "search/" + path;
        s.async = true;
        s.onload = function () { ready() ? resolve() : reject(new Error(path)); };
        s.onerror = function () { delete loading[path]; reject(new Error(path)); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }

  function loadText() {
    return loadScript("text.js", function () { return reg._text; });
  }

  function isCjk(code) {
    return (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0xf900 && code <= 0xfaff) || (code >= 0x20000 && code <= 0x3ffff);
  }

  function tokens(text) {
    var out = [];
    var run = [];
    var word = "";
    function flushRun() {
      if (run.length === 1) {
        out.push(run[0]);
      }
      for (var i = 0; i + 1 < run.length; i++) {
        out.push(run[i] + run[i + 1]);
      }
      run = [];
    }
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (isCjk(code)) {
        if (word) { out.push(word); word = ""; }
        run.push(ch);
      } else if (/^[A-Za-z0-9]$/.test(ch)) {
        flushRun();
        word += ch.toLowerCase();
      } else {
        flushRun();
        if (word) { out.push(word); word = ""; }
      }
    }
    flushRun();
    if (word) { out.push(word); }
    return out;
  }

  function fnv(token) {
    var h = 0x811c9dc5;
    for (var ch of token) {
      h = Math.imul((h ^ ch.codePointAt(0)) >>> 0, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // Ascending document ids of one encoded list: a bitmap, or Rice-coded gaps. One loop
  // with everything in locals, like decodeText.
  function decode(s, docs) {
    var ids = [];
    if (!s) { return ids; }
    var len = s.length, i, j, v;
    if (((s.charCodeAt(0) - 0x3400) >> 14) === 1) {
      // Bit 0 is the flag; document d is bit d + 1 of the stream.
      for (i = 0; i < len; i++) {
        v = s.charCodeAt(i) - 0x3400;
        for (j = 14; j >= 0; j--) {
          if ((v >> j) & 1) {
            var d = i * 15 + (14 - j) - 1;
            if (d >= 0 && d < docs) { ids.push(d); }
          }
        }
      }
      return ids;
    }
    var acc = 0, n = 0;
    i = 0;
    function bit() {
      if (n === 0) {
        if (i >= len) { return -1; }
        acc = s.charCodeAt(i++) - 0x3400;
        n = 15;
      }
      n--;
      return (acc >> n) & 1;
    }
    bit();
    var k = 0;
    for (j = 0; j < 5; j++) { k = k * 2 + bit(); }
    var scale = Math.pow(2, k), next = 0;
    for (;;) {
      var q = 0, b;
      while ((b = bit()) === 1) { q++; }
      if (b < 0) { return ids; }
      var low = 0;
      for (j = 0; j < k; j++) {
        b = bit();
        if (b < 0) { return ids; }
        low = low * 2 + b;
      }
      var id = next + q * scale + low;
      ids.push(id);
      next = id + 1;
    }
  }

  // The canonical Huffman code of search/text.js: codes of each length, and the symbols in
  // code order, each its length ("0" for the end symbol) and its characters, "e" the escape.
  function textModel(counts, packed) {
    var syms = [];
    for (var i = 0; i < packed.length;) {
      var c = packed.charAt(i++);
      if (c === "e") {
        syms.push(null);
        continue;
      }
      var start = i;
      for (var n = c.charCodeAt(0) - 48; n > 0; n--) {
        i += packed.codePointAt(i) > 0xffff ? 2 : 1;
      }
      syms.push(packed.slice(start, i));
    }
    var first = [], at = [], code = 0, pos = 0;
    for (var l = 0; l < counts.length; l++) {
      first.push(code);
      at.push(pos);
      code = (code + counts[l]) * 2;
      pos += counts[l];
    }
    // Codes of up to T bits are found with one look-up of the next T bits: the entry is the
    // symbol's index times 32 plus the code's length (-1: a longer code, read bit by bit).
    var T = Math.min(11, counts.length);
    var table = new Int32Array(1 << T).fill(-1);
    for (var len = 1; len <= T; len++) {
      for (var k = 0; k < counts[len - 1]; k++) {
        var base = (first[len - 1] + k) << (T - len);
        table.fill((at[len - 1] + k) * 32 + len, base, base + (1 << (T - len)));
      }
    }
    return { counts: counts, first: first, at: at, syms: syms, T: T, table: table };
  }

  // A stored text, decompressed; what was read so far if it ends early. One loop with
  // everything in locals: texts are decoded in a fresh page, before the JIT warms up.
  function decodeText(m, s) {
    var i = 0, acc = 0, n = 0, out = "", len = s.length;
    var T = m.T, mask = (1 << T) - 1, table = m.table, syms = m.syms;
    for (;;) {
      // 16 to 30 bits in acc while the text lasts (15 per character).
      if (n <= 15 && i < len) {
        acc = (acc << 15) | (s.charCodeAt(i++) - 0x3400);
        n += 15;
        if (n <= 15 && i < len) {
          acc = (acc << 15) | (s.charCodeAt(i++) - 0x3400);
          n += 15;
        }
      }
      var e = n >= T ? table[(acc >>> (n - T)) & mask] : -1;
      var sym;
      if (e >= 0) {
        sym = e >> 5;
        n -= e & 31;
        acc &= (1 << n) - 1;
      } else {
        sym = slowSymbol();
        if (sym < 0) { return out; }
      }
      var text = syms[sym];
      if (text === "") { return out; }
      if (text === null) {
        var cp = readBits(s, 21);
        if (cp < 0) { return out; }
        text = String.fromCodePoint(cp);
      }
      out += text;
    }
    // A code longer than T bits (or the stream's last bits): canonical, bit by bit.
    function slowSymbol() {
      for (var code = 0, l = 0; l < m.counts.length; l++) {
        var b = readBits(s, 1);
        if (b < 0) { return -1; }
        code = code * 2 + b;
        if (code - m.first[l] < m.counts[l]) { return m.at[l] + code - m.first[l]; }
      }
      return -1;
    }
    function readBits(str, k) {
      var v = 0;
      for (; k > 0; k--) {
        if (n === 0) {
          if (i >= len) { return -1; }
          acc = str.charCodeAt(i++) - 0x3400;
          n = 15;
        }
        n--;
        v = v * 2 + ((acc >>> n) & 1);
        acc &= (1 << n) - 1;
      }
      return v;
    }
  }

  // A document's stored text, decompressed once.
  function docText(doc) {
    if (doc.text === undefined) { doc.text = decodeText(reg._text, doc[4]); }
    return doc.text;
  }

  // The encoded lists of a token in a loaded shard ("" when the token is not indexed).
  function entry(k, token) {
    var sh = reg._shards[k];
    if (!sh.map) {
      sh.map = {};
      var keys = sh.keys.split(" "), lists = sh.lists.split(" ");
      for (var i = 0; i < keys.length; i++) { sh.map[keys[i]] = lists[i]; }
    }
    return sh.map[token] || "";
  }

  function intersect(a, b) {
    var out = [];
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] < b[j]) { i++; } else if (a[i] > b[j]) { j++; } else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  // The words of a query (split at spaces), lower-cased, and their index tokens. A word of
  // one Chinese character has no token of its own (the index holds bigrams): it is checked
  // against the stored text only.
  function parse(q) {
    var terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    var toks = [];
    terms.forEach(function (t) {
      var ts = tokens(t);
      if (ts.length === 1 && ts[0].length === 1 && isCjk(ts[0].codePointAt(0)) && t.length === 1) {
        return;
      }
      ts.forEach(function (x) { if (toks.indexOf(x) < 0) { toks.push(x); } });
    });
    var exact = terms.every(function (t) { return tokens(t).length === 1 && t.length <= 2; });
    return { terms: terms, toks: toks, exact: exact };
  }

  // Candidate documents: those holding every token, title hits first.
  function candidates(p) {
    return loadScript("manifest.js", function () { return reg._manifest; }).then(function () {
      var m = reg._manifest;
      var shards = p.toks.map(function (t) { return fnv(t) % m.shards; });
      return Promise.all(shards.map(function (k) {
        return loadScript("index/" + k + ".js", function () { return reg._shards[k]; });
      })).then(function () {
        var body = null, title = null;
        p.toks.forEach(function (t, i) {
          var e = entry(shards[i], t).split("!");
          var b = decode(e[0], m.docs);
          var ti = decode(e[1], m.docs);
          body = body === null ? b : intersect(body, b);
          title = title === null ? ti : intersect(title, ti);
        });
        body = body || [];
        title = title || [];
        var inTitle = {};
        title.forEach(function (id) { inTitle[id] = true; });
        return title.concat(body.filter(function (id) { return !inTitle[id]; }));
      });
    });
  }

  function count(hay, needle) {
    var n = 0;
    for (var i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) { n++; }
    return n;
  }

  // The candidates a round of checks loads from position `pos`: all of a short list; else a
  // page first, then the rest of the step's budget at once (each round waits for its scripts).
  function checkRound(cands, pos, checked) {
    var size = checked === 0 && cands.length - pos > CHECK ? PAGE : CHECK - checked;
    return cands.slice(pos, pos + size);
  }

  // Loads the doc/ file holding document `id`'s stored text.
  function loadDoc(id) {
    return loadScript("doc/" + Math.floor(id / PACK) + ".js", function () { return reg._docs[id]; });
  }

  // Checks the next candidates against their stored text until PAGE hits are found or
  // CHECK texts were loaded; resolves to the new hits, best first.
  function step(st) {
    var hits = [];
    function next() {
      var batch = checkRound(st.cands, st.pos, st.checked);
      if (batch.length === 0 || hits.length >= PAGE || st.checked >= CHECK) {
        st.checked = 0;
        return Promise.resolve(hits);
      }
      st.pos += batch.length;
      st.checked += batch.length;
      return Promise.all([loadText()].concat(batch.map(loadDoc))).then(function () {
        batch.forEach(function (id) {
          var doc = reg._docs[id];
          var title = doc[1].toLowerCase(), text = docText(doc).toLowerCase();
          var inTitle = st.terms.every(function (t) { return title.indexOf(t) >= 0; });
          var score = 0;
          var ok = st.terms.every(function (t) {
            var n = count(text, t);
            score += n;
            return n > 0 || title.indexOf(t) >= 0;
          });
          if (ok) { hits.push({ doc: doc, title: inTitle, score: score }); }
        });
        return next();
      });
    }
    return next().then(function (h) {
      return h.sort(function (a, b) { return (b.title - a.title) || (b.score - a.score); });
    });
  }

  // Text with every occurrence of the terms marked, built from DOM nodes (no HTML parsing).
  function highlighted(text, terms) {
    var frag = document.createDocumentFragment();
    var lower = text.toLowerCase();
    var at = 0;
    for (;;) {
      var best = -1, len = 0;
      terms.forEach(function (t) {
        var i = lower.indexOf(t, at);
        if (i >= 0 && (best < 0 || i < best || (i === best && t.length > len))) { best = i; len = t.length; }
      });
      if (best < 0) { break; }
      frag.appendChild(document.createTextNode(text.slice(at, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + len);
      frag.appendChild(mark);
      at = best + len;
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  // The sentence of the stored text holding the first term found (at most ~120 characters
  // around it), or the first line of some length when only the title matched.
  function sentence(text, terms) {
    var lower = text.toLowerCase();
    var at = -1, len = 0;
    // A document's text is keywords, authors, abstract and body, one per line: a sentence of
    // the abstract or the body reads better than the keyword list.
    var prose = lower.indexOf("\n", lower.indexOf("\n") + 1) + 1;
    terms.some(function (t) {
      at = lower.indexOf(t, prose);
      if (at < 0) { at = lower.indexOf(t); }
      len = t.length;
      return at >= 0;
    });
    if (at < 0) {
      var lines = text.split("\n").filter(function (l) { return l.length >= 8; });
      return (lines[0] || "").slice(0, 100);
    }
    var stops = "。！？；\n";
    var s = at, e = at + len;
    while (s > 0 && stops.indexOf(text.charAt(s - 1)) < 0 && at - s < 60) { s--; }
    while (e < text.length && stops.indexOf(text.charAt(e)) < 0 && e - at < 80) { e++; }
    if (e < text.length && text.charAt(e) !== "\n") { e++; }
    return (s > 0 && stops.indexOf(text.charAt(s - 1)) < 0 ? "…" : "") + text.slice(s, e).trim() +
      (e < text.length && stops.indexOf(text.charAt(e - 1)) < 0 ? "…" : "");
  }

  function render(terms, hits) {
    hits.forEach(function (h) {
      var doc = h.doc;
      var url = doc[0], title = doc[1], kind = doc[2], year = doc[3], text = docText(doc);
      var li = document.createElement("li");
      li.className = "search-result";
      var hd = document.createElement("h2");
      hd.className = "search-result-title";
      var a = document.createElement("a");
      a.href = root + url;
      a.appendChild(highlighted(title, terms));
      hd.appendChild(a);
      li.appendChild(hd);
      var m = document.createElement("p");
      m.className = "search-result-meta";
      [year + "年度", kind].forEach(function (t) {
        var span = document.createElement("span");
        span.textContent = t;
        m.appendChild(span);
      });
      li.appendChild(m);
      var excerpt = sentence(text, terms);
      if (excerpt) {
        var p = document.createElement("p");
        p.className = "search-result-excerpt";
        p.appendChild(highlighted(excerpt, terms));
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  // Shows the next verified hits of the current search and the status line.
  function showMore(st, ticket) {
    var started = performance.now();
    return step(st).then(function (hits) {
      if (ticket !== latest) {
        return;
      }
      render(st.terms, hits);
      st.shown += hits.length;
      var left = st.cands.length - st.pos;
      if (st.shown === 0 && left === 0) {
        setStatus("没有找到包含「" + st.q + "」的内容");
      } else if (left === 0) {
        setStatus("共找到 " + st.shown + " 条结果");
      } else if (st.exact) {
        // Every word is one token: each candidate holds the phrase, the count is exact.
        setStatus("共找到 " + st.cands.length + " 条结果，显示前 " + st.shown + " 条");
      } else {
        setStatus("已显示 " + st.shown + " 条结果，另有 " + left + " 篇含有全部字词，点“显示更多结果”继续查找");
      }
      if (left > 0 && !more) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "button";
        more.textContent = "显示更多结果";
        more.addEventListener("click", function () { showMore(state, latest); });
        list.after(more);
      } else if (left === 0 && more) {
        more.remove();
        more = null;
      }
      // For the browser benchmark (tests/browser/search.mjs): time to candidates, to results.
      statusEl.dataset.candidates = String(Math.round(st.ms));
      statusEl.dataset.ms = String(Math.round(st.ms + performance.now() - started));
    });
  }

  function updateUrl(q) {
    if (!window.history || !window.history.replaceState) {
      return;
    }
    try {
      var url = new URL(window.location.href);
      if (q) {
        url.searchParams.set("q", q);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url.href);
    } catch (e) {
      // Some browsers refuse replaceState on file:// pages; the search still works.
    }
  }

  function run(q) {
    q = q.trim();
    var ticket = ++latest;
    updateUrl(q);
    clearResults();
    delete statusEl.dataset.ms;
    if (!q) {
      setStatus("");
      return;
    }
    var p = parse(q);
    if (p.toks.length === 0) {
      var cjk = Array.from(q).some(function (ch) { return isCjk(ch.codePointAt(0)); });
      setStatus(cjk ? "请至少输入两个字，如：违建" : "请输入要查找的文字");
      return;
    }
    setStatus("正在搜索……");
    var started = performance.now();
    candidates(p).then(function (cands) {
      if (ticket !== latest) {
        return null;
      }
      state = { q: q, terms: p.terms, exact: p.exact, cands: cands, pos: 0, checked: 0, shown: 0, ms: performance.now() - started };
      return showMore(state, ticket);
    }).catch(function () {
      if (ticket === latest) {
        clearResults();
        setStatus("搜索索引加载失败：请确认网站文件完整（search/ 文件夹），然后刷新页面。", true);
      }
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (timer) {
      clearTimeout(timer);
    }
    run(input.value);
  });

  // Starts loading what the search of the typed text will read (its shards, then the stored
  // texts of its first candidates) at once; the search itself waits for a pause or Enter.
  function prefetch(q) {
    var p = parse(q.trim());
    if (p.toks.length === 0) {
      return;
    }
    candidates(p).then(function (cands) {
      checkRound(cands, 0, 0).forEach(function (id) {
        loadDoc(id).catch(function () {});
      });
    }).catch(function () {});
  }

  input.addEventListener("compositionend", function () {
    prefetch(input.value);
  });

  input.addEventListener("input", function (ev) {
    // Not while an input method is still composing (the box then holds pinyin letters).
    if (!ev.isComposing) {
      prefetch(input.value);
    }
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(function () {
      run(input.value);
    }, 250);
  });

  // Every search needs the manifest and the text model: load them with the page.
  loadScript("manifest.js", function () { return reg._manifest; }).catch(function () {});
  loadText().catch(function () {});

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
