"""The script format: what a session script is (``model``), how YAML becomes one
(``yamlsource``, ``loader``, ``schema``, ``presets``), what is checked in it (``checks``,
``problems``), the ``{placeholders}`` its lines hold (``template``), and the lengths of its
steps, fitted to minutes (``lengths``)."""
