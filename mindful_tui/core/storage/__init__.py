"""What is kept on disk: where (``locations``), your settings (``user_settings``), the
practice log and its figures (``practice_log``, ``stats``), the scripts found
(``library``), the parsed-script cache (``scriptcache``) and your calibrations
(``calibrations``)."""
