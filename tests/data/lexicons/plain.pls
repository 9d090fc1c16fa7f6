<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" alphabet="ipa" xml:lang="en">
  <lexeme>
    <grapheme>Hermione</grapheme>
    <phoneme>hɜːˈmaɪəni</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Nguyen</grapheme>
    <alias>Win</alias>
  </lexeme>
</lexicon>
