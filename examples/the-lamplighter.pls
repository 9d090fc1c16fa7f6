<?xml version="1.0" encoding="UTF-8"?>
<!-- How this book's names are said. -->
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <lexeme>
    <grapheme>Quay</grapheme>
    <grapheme>quay</grapheme>
    <phoneme>kˈiː</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Tobias</grapheme>
    <phoneme>təbˈaɪəs</phoneme>
  </lexeme>
</lexicon>
