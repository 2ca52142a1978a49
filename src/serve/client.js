// showcase serve: reloads the page after a successful rebuild and shows the problems of a
// failed one over the page. Injected by the preview server only, never part of a build.
// Every text from the server is set with textContent, never parsed as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var gen = Number(script && script.getAttribute("data-generation")) || 0;
  if (!window.EventSource) {
    return;
  }
  var host = null;
  var dismissed = "";

  function el(tag, style, text) {
    var e = document.createElement(tag);
    if (style) {
      e.setAttribute("style", style);
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function hide() {
    if (host) {
      host.remove();
      host = null;
    }
  }

  function item(d) {
    var li = el("li", "margin:0 0 1.1em;padding:0 0 1em;border-bottom:1px solid #eee;list-style:none");
    if (d.location) {
      li.appendChild(el("div", "font-family:ui-monospace,Consolas,monospace;color:#555;font-size:.9em", d.location));
    }
    li.appendChild(el("div", "font-weight:bold;margin:.25em 0;color:#a00", d.message));
    if (d.line !== undefined && d.line !== null) {
      var pre = el("pre", "margin:.4em 0;padding:.5em .7em;background:#f6f6f6;border-radius:4px;overflow:auto;font-size:.9em;white-space:pre");
      var num = String(d.line_no || "");
      pre.appendChild(document.createTextNode(num + " | " + d.line + "\n"));
      if (d.col) {
        var lead = "";
        var chars = Array.from(String(d.line));
        for (var i = 0; i < d.col - 1 && i < chars.length; i++) {
          lead += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(chars[i]) ? "  " : " ";
        }
        var caret = el("span", "color:#c00", "^");
        pre.appendChild(document.createTextNode(num.replace(/./g, " ") + " | " + lead));
        pre.appendChild(caret);
      }
      li.appendChild(pre);
    }
    if (d.hint) {
      li.appendChild(el("div", "white-space:pre-wrap;color:#333", "修改建议：" + d.hint));
    }
    return li;
  }

  function show(s, key) {
    hide();
    if (dismissed === key) {
      return;
    }
    host = el("div", "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);overflow:auto;padding:2em 1em");
    host.setAttribute("data-showcase-overlay", "");
    var box = el("div", "max-width:52em;margin:0 auto;background:#fff;color:#222;border-top:6px solid #c00;border-radius:6px;padding:1.2em 1.5em;font:16px/1.6 system-ui,sans-serif;box-shadow:0 8px 30px rgba(0,0,0,.3)");
    box.setAttribute("role", "alert");
    var close = el("button", "float:right;font:inherit;padding:.2em .9em;cursor:pointer", "关闭");
    close.type = "button";
    close.addEventListener("click", function () {
      dismissed = key;
      hide();
    });
    box.appendChild(close);
    var list = el("ol", "padding:0;margin:1em 0 0");
    if (s.errors.length) {
      box.appendChild(el("h2", "margin:0 0 .3em;font-size:1.25em;color:#a00",
        "内容有 " + s.error_count + " 个错误，网站未更新"));
      box.appendChild(el("p", "margin:0;color:#555",
        s.generation ? "预览仍显示上次成功生成的版本。修改并保存文件后，本页会自动刷新。"
              : "修改并保存文件后，本页会自动刷新。"));
      s.errors.forEach(function (d) { list.appendChild(item(d)); });
      if (s.error_count > s.errors.length) {
        list.appendChild(el("li", "list-style:none;color:#555",
          "还有 " + (s.error_count - s.errors.length) + " 个错误，见运行 showcase serve 的窗口。"));
      }
    } else {
      box.appendChild(el("h2", "margin:0 0 .3em;font-size:1.25em;color:#a60", "印刷册排版有问题"));
      box.appendChild(el("p", "margin:0;color:#555", "网站预览不受影响；印刷册在修正后重新生成。"));
      s.booklet.forEach(function (d) { list.appendChild(item(d)); });
    }
    box.appendChild(list);
    host.appendChild(box);
    (document.body || document.documentElement).appendChild(host);
  }

  var source = new EventSource("/__showcase/events");
  source.addEventListener("status", function (e) {
    var s;
    try {
      s = JSON.parse(e.data);
    } catch (err) {
      return;
    }
    if (s.errors && s.errors.length) {
      show(s, "e" + e.data.length + ":" + e.data.slice(0, 200));
    } else if (s.generation && s.generation !== gen) {
      source.close();
      window.location.reload();
    } else if (s.booklet && s.booklet.length) {
      show(s, "b" + e.data.length + ":" + e.data.slice(0, 200));
    } else {
      hide();
    }
  });
})();
