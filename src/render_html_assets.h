/*
 * render_html_assets.h - the interactive map's browser code and styles, built into
 * the library from src/render_html/ by CMake (src/render_html/embed.cmake): the vendored
 * d3 modules then map.js as one script, map.css, and the vendored modules'
 * licences.  NUL-terminated UTF-8; used by render_html.c only.
 */
#ifndef COALITION_RENDER_HTML_ASSETS_H
#define COALITION_RENDER_HTML_ASSETS_H

extern const char co_html_asset_script[];
extern const char co_html_asset_style[];
extern const char co_html_asset_licenses[];

#endif
