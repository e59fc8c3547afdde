"""The MkDocs (and ProperDocs) adapter: the plugin's event methods, one command's run, virtual files and
navigation, pages rendered on request for the preview, the serve log and error page. The only place that imports MkDocs.
"""
