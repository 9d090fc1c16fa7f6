<?xml version="1.0" encoding="UTF-8"?>
<!-- A per-book lexicon: names espeak-ng gets wrong, in every form PLS 1.0 allows. -->
<lexicon version="1.0"
      xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
      xsi:schemaLocation="http://www.w3.org/2005/01/pronunciation-lexicon
        http://www.w3.org/TR/2007/CR-pronunciation-lexicon-20071212/pls.xsd"
      alphabet="ipa" xml:lang="en-US">
  <meta name="author" content="taleforge tests"/>
  <lexeme>
    <grapheme>Hermione</grapheme>
    <phoneme>hɜːmˈaɪəni</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Nguyen</grapheme>
    <alias>Win</alias>
  </lexeme>
  <lexeme>
    <grapheme>Cholmondeley</grapheme>
    <phoneme>/ˈtʃʌm.li/</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Nostromo</grapheme>
    <alias>No Stroh Moe</alias>
    <phoneme>nəˈstroʊmoʊ</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Gridanian</grapheme>
    <grapheme>Gridanians</grapheme>
    <phoneme>ɡrɪˈdɑːniən</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Saint John</grapheme>
    <phoneme>ˈsɪn dʒən</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Saint</grapheme>
    <alias>Sant</alias>
  </lexeme>
  <lexeme>
    <grapheme>Ann</grapheme>
    <alias>Anna</alias>
  </lexeme>
  <lexeme>
    <grapheme>US</grapheme>
    <alias>United States</alias>
  </lexeme>
  <lexeme>
    <grapheme>Siobhan</grapheme>
    <phoneme alphabet="x-sampa">S@"vO:n</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Eowyn</grapheme>
    <phoneme>ˈeɪoʊwɪn</phoneme>
    <phoneme prefer="true">ˈeɪəwɪn</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>tomato</grapheme>
    <phoneme alphabet="x-microsoft-sapi">t ax m ey t ow</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Orphan</grapheme>
  </lexeme>
</lexicon>
