// Full-text search over the bigram index written by showcase under search/.
// The index files are plain scripts that register themselves with window.__showcaseSearch,
// so search works from a static host and also when the site is opened from disk.
// Tokenising must match src/render/html/search.rs: bigrams of adjacent Chinese characters
// (a lone character is its own token) and lower-cased ASCII words; shards are chosen by the
// FNV-1a hash of a token's UTF-8 bytes.
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
  var MAX_RESULTS = 50;
  var reg = (window.__showcaseSearch = {
    _manifest: null,
    _shards: {},
    _docs: {},
    manifest: function (m) { reg._manifest = m; },
    shard: function (k, obj) { reg._shards[k] = obj; },
    docs: function (n, arr) { reg._docs[n] = arr; }
  });
  var loading = {};
  var latest = 0;
  var timer = null;

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.classList.toggle("is-error", Boolean(isError));
  }

  function clearResults() {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
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
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }

  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // Documents (id → term frequency) holding one token.
  function postings(token) {
    var m = reg._manifest;
    var arr = (reg._shards[fnv1a(token) % m.shards] || {})[token];
    var found = new Map();
    if (arr) {
      var id = 0;
      for (var i = 0; i + 1 < arr.length; i += 2) {
        id += arr[i];
        found.set(id, arr[i + 1]);
      }
    }
    return found;
  }

  function search(q) {
    var toks = tokens(q);
    return loadScript("manifest.js", function () { return reg._manifest; }).then(function () {
      var m = reg._manifest;
      var shards = toks.map(function (t) { return fnv1a(t) % m.shards; });
      return Promise.all(shards.map(function (k) {
        return loadScript("index/" + k + ".js", function () { return reg._shards[k]; });
      }));
    }).then(function () {
      var scores = null;
      toks.forEach(function (t) {
        var p = postings(t);
        if (scores === null) {
          scores = p;
          return;
        }
        var next = new Map();
        scores.forEach(function (s, id) {
          if (p.has(id)) { next.set(id, s + p.get(id)); }
        });
        scores = next;
      });
      var hits = Array.from(scores || new Map()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var shown = hits.slice(0, MAX_RESULTS);
      var chunk = reg._manifest.chunk;
      var chunks = shown.map(function (h) { return Math.floor(h[0] / chunk); })
        .filter(function (c, i, all) { return all.indexOf(c) === i; });
      return Promise.all(chunks.map(function (c) {
        return loadScript("docs/" + c + ".js", function () { return reg._docs[c]; });
      })).then(function () {
        return {
          total: hits.length,
          items: shown.map(function (h) { return reg._docs[Math.floor(h[0] / chunk)][h[0] % chunk]; })
        };
      });
    });
  }

  // Text with every occurrence of the query marked, built from DOM nodes (no HTML parsing).
  function highlighted(text, q) {
    var frag = document.createDocumentFragment();
    var lower = text.toLowerCase();
    var needle = q.toLowerCase();
    var at = 0;
    var i = needle ? lower.indexOf(needle) : -1;
    while (i >= 0) {
      frag.appendChild(document.createTextNode(text.slice(at, i)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(i, i + needle.length);
      frag.appendChild(mark);
      at = i + needle.length;
      i = lower.indexOf(needle, at);
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function render(q, items) {
    clearResults();
    items.forEach(function (doc) {
      var url = doc[0], title = doc[1], kind = doc[2], year = doc[3], excerpt = doc[4];
      var li = document.createElement("li");
      li.className = "search-result";
      var h = document.createElement("h2");
      h.className = "search-result-title";
      var a = document.createElement("a");
      a.href = root + url;
      a.appendChild(highlighted(title, q));
      h.appendChild(a);
      li.appendChild(h);
      var m = document.createElement("p");
      m.className = "search-result-meta";
      [year + "年度", kind].forEach(function (text) {
        var span = document.createElement("span");
        span.textContent = text;
        m.appendChild(span);
      });
      li.appendChild(m);
      if (excerpt) {
        var p = document.createElement("p");
        p.className = "search-result-excerpt";
        p.appendChild(highlighted(excerpt, q));
        li.appendChild(p);
      }
      list.appendChild(li);
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
    if (!q) {
      clearResults();
      setStatus("");
      return;
    }
    var toks = tokens(q);
    if (toks.length === 0) {
      clearResults();
      setStatus("请输入要查找的文字");
      return;
    }
    if (toks.length === 1 && toks[0].length === 1 && isCjk(toks[0].codePointAt(0))) {
      clearResults();
      setStatus("请至少输入两个字，如：违建");
      return;
    }
    setStatus("正在搜索……");
    search(q).then(function (r) {
      if (ticket !== latest) {
        return;
      }
      render(q, r.items);
      if (r.total === 0) {
        setStatus("没有找到与「" + q + "」相关的内容");
      } else if (r.total > r.items.length) {
        setStatus("共找到 " + r.total + " 条结果，显示前 " + r.items.length + " 条");
      } else {
        setStatus("共找到 " + r.total + " 条结果");
      }
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

  input.addEventListener("input", function () {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(function () {
      run(input.value);
    }, 250);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
