/* "Listen" buttons: read a text block aloud with the browser's own speech synthesis (nothing
   leaves the device). A button stays hidden unless the browser can speak and has a voice for
   the block's language (the nearest lang attribute). */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var speaking = null;

  function languageOf(element) {
    var holder = element.closest("[lang]");
    return (holder ? holder.getAttribute("lang") : document.documentElement.lang) || "fi";
  }

  function voiceFor(lang) {
    var base = lang.toLowerCase().split("-")[0];
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      if ((voices[i].lang || "").toLowerCase().replace("_", "-").split("-")[0] === base) {
        return voices[i];
      }
    }
    return null;
  }

  function textOf(block) {
    var copy = block.cloneNode(true);
    copy.querySelectorAll("button, [aria-hidden='true'], script, style, select, input, .visually-hidden")
      .forEach(function (node) { node.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function label(button, stop) {
    var span = button.querySelector(".listen-label");
    if (!button.dataset.listenLabel) {
      button.dataset.listenLabel = span.textContent;
    }
    span.textContent = stop ? button.dataset.stopLabel : button.dataset.listenLabel;
    button.setAttribute("aria-pressed", stop ? "true" : "false");
  }

  function stop() {
    if (speaking) {
      label(speaking, false);
      speaking = null;
    }
    synth.cancel();
  }

  function speak(button) {
    var block = button.closest("[data-listen-block]") || button.parentElement;
    var lang = languageOf(block);
    var utterance = new window.SpeechSynthesisUtterance(textOf(block));
    utterance.lang = lang;
    utterance.voice = voiceFor(lang);
    utterance.onend = function () {
      if (speaking === button) {
        label(button, false);
        speaking = null;
      }
    };
    speaking = button;
    label(button, true);
    synth.speak(utterance);
  }

  function reveal() {
    document.querySelectorAll("button[data-listen]").forEach(function (button) {
      if (voiceFor(languageOf(button)) && !button.dataset.listenReady) {
        button.dataset.listenReady = "1";
        button.hidden = false;
        button.addEventListener("click", function () {
          var again = speaking === button;
          stop();
          if (!again) {
            speak(button);
          }
        });
      }
    });
  }

  reveal();
  if ("onvoiceschanged" in synth || synth.addEventListener) {
    synth.addEventListener("voiceschanged", reveal);
  }
}());
