/* workbench editor 1: turns the query textarea into a CodeMirror editor with SPARQL
   highlighting, loads examples without a page reload, runs on Ctrl+Enter and adds PREFIX
   declarations. The page works without it: the textarea is a plain form field. */
(function () {
  "use strict";
  var textarea = document.getElementById("query");
  if (!textarea || typeof window.CodeMirror !== "function") { return; }
  var form = textarea.form;
  var editor = window.CodeMirror.fromTextArea(textarea, {
    mode: "application/sparql-query", lineNumbers: true, matchBrackets: true,
    indentUnit: 2, lineWrapping: false, viewportMargin: Infinity,
    extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run }
  });
  function run() { editor.save(); form.requestSubmit(); }
  Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (el) {
    el.hidden = false;
  });

  var examples = document.getElementById("example");
  if (examples) {
    examples.addEventListener("change", function () {
      var name = examples.value;
      if (!name) { return; }
      var source = examples.getAttribute("data-source").replace("NAME", encodeURIComponent(name));
      fetch(source, { headers: { "Accept": "application/sparql-query" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
          return response.text();
        })
        .then(function (text) { editor.setValue(text); editor.focus(); })
        .catch(function () { examples.form && examples.form.submit(); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-prefix]"), function (button) {
    button.addEventListener("click", function () {
      var declaration = "PREFIX " + button.getAttribute("data-prefix") + ": <" +
        button.getAttribute("data-iri") + ">";
      var text = editor.getValue();
      if (text.indexOf(declaration) === -1) {
        editor.replaceRange(declaration + "\n", { line: 0, ch: 0 });
      }
      editor.focus();
    });
  });
}());
