/*
 * render_svg.c - the SVG writer of coalition maps (render_svg.h): draws a scene as plain
 * SVG elements in the scene's draw order (render_scene.h): region paths, frames,
 * ties grouped by style, org circles, labels, legend, titles.  Texts are
 * <text> elements at the scene's baselines with the scene's font, so they
 * stay editable; labels carry their halo as a white stroke painted under
 * the fill (paint-order).  Coordinates have two decimals (a hundredth of a
 * pixel).
 */
#include "render_svg.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static void put_color(FILE *f, const char *attr, co_rgba c)
{
	fprintf(f, " %s=\"#%02x%02x%02x\"", attr, (int)lround(c.r * 255), (int)lround(c.g * 255),
	        (int)lround(c.b * 255));
	if (c.a < 1)
		fprintf(f, " %s-opacity=\"%.3g\"", attr, c.a);
}

/* Text content with XML's five characters escaped and the control
 * characters XML 1.0 forbids left out. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if (c >= 0x20 || c == '\t')
				fputc(c, f);
		}
	}
}

static void put_text(FILE *f, const co_scene_text *t, double halo, const char *cls)
{
	fprintf(f, "<text class=\"%s\" x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"%s", cls, t->x,
	        t->baseline, t->size, t->bold ? " font-weight=\"bold\"" : "");
	put_color(f, "fill", t->color);
	if (halo > 0)
		fprintf(f, " stroke=\"#ffffff\" stroke-opacity=\"0.9\" stroke-width=\"%.2f\""
		        " stroke-linejoin=\"round\" paint-order=\"stroke\"", halo);
	fputc('>', f);
	put_escaped(f, t->text);
	fputs("</text>\n", f);
}

static void put_mark(FILE *f, const co_scene_mark *m)
{
	switch (m->kind) {
	case CO_SCENE_MARK_CIRCLE:
		fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"", m->x0, m->y0, m->r);
		break;
	case CO_SCENE_MARK_LINE:
		fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"", m->x0, m->y0, m->x1,
		        m->y1);
		break;
	case CO_SCENE_MARK_RECT:
		fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", m->x0, m->y0,
		        m->x1 - m->x0, m->y1 - m->y0);
		break;
	}
	if (m->fill.a > 0 && m->kind != CO_SCENE_MARK_LINE)
		put_color(f, "fill", m->fill);
	else
		fputs(" fill=\"none\"", f);
	if (m->width > 0) {
		put_color(f, "stroke", m->stroke);
		fprintf(f, " stroke-width=\"%.2f\"", m->width);
		if (m->dash[0] > 0)
			fprintf(f, " stroke-dasharray=\"%.2f %.2f\"", m->dash[0], m->dash[1]);
	}
	fputs("/>\n", f);
}

static void put_regions(FILE *f, const co_scene *sc)
{
	if (sc->n_regions == 0)
		return;
	fputs("<g id=\"regions\" fill-rule=\"evenodd\" stroke-linejoin=\"round\">\n", f);
	for (size_t i = 0; i < sc->n_regions; i++) {
		const co_scene_region *g = &sc->regions[i];

		fprintf(f, "<path id=\"region-");
		put_escaped(f, g->code);
		fputs("\" d=\"", f);
		for (size_t r = 0; r < g->n_rings; r++) {
			for (size_t k = 0; k < g->lengths[r]; k++)
				fprintf(f, "%c%.2f %.2f", k == 0 ? 'M' : 'L', g->rings[r][2 * k],
				        g->rings[r][2 * k + 1]);
			fputc('Z', f);
		}
		fputc('"', f);
		put_color(f, "fill", g->fill);
		put_color(f, "stroke", g->stroke);
		fprintf(f, " stroke-width=\"%.2f\"/>\n", g->width);
	}
	fputs("</g>\n", f);
}

static int in_layer(const co_scene *sc, const co_scene_style *st)
{
	return sc->plain && !st->friction && !st->federation;
}

static void put_ties(FILE *f, const co_scene *sc)
{
	int current = -1, layer = 0;

	fputs("<g id=\"ties\" fill=\"none\">\n", f);
	for (igraph_integer_t e = 0; e < sc->n_ties; e++) {
		const co_scene_tie *t = &sc->ties[e];
		const co_scene_style *st = &sc->styles[t->style];
		const co_scene_node *a = &sc->nodes[t->from], *b = &sc->nodes[t->to];
		double cx, cy;

		if (t->style != current) {
			if (current >= 0)
				fputs("</g>\n", f);
			if (layer && !in_layer(sc, st)) {
				fputs("</g>\n", f);
				layer = 0;
			}
			if (!layer && in_layer(sc, st)) {
				fprintf(f, "<g opacity=\"%.3g\">\n", sc->tie_layer_alpha);
				layer = 1;
			}
			fputs("<g class=\"", f);
			put_escaped(f, st->name);
			fputc('"', f);
			put_color(f, "stroke", st->color);
			fprintf(f, " stroke-width=\"%.2f\"", st->width);
			if (st->dash[0] > 0)
				fprintf(f, " stroke-dasharray=\"%.2f %.2f\"", st->dash[0], st->dash[1]);
			fputs(">\n", f);
			current = t->style;
		}
		if (co_scene_tie_control(sc, t, &cx, &cy))
			fprintf(f, "<path d=\"M%.2f %.2fQ%.2f %.2f %.2f %.2f\"/>\n", a->x, a->y, cx, cy, b->x,
			        b->y);
		else
			fprintf(f, "<path d=\"M%.2f %.2fL%.2f %.2f\"/>\n", a->x, a->y, b->x, b->y);
	}
	if (current >= 0)
		fputs("</g>\n", f);
	if (layer)
		fputs("</g>\n", f);
	fputs("</g>\n", f);
}

static void put_nodes(FILE *f, const co_scene *sc)
{
	int outlined = sc->n_nodes <= 5000;

	fprintf(f, "<g id=\"orgs\"");
	if (outlined)
		fprintf(f, " stroke=\"#ffffff\" stroke-opacity=\"0.9\" stroke-width=\"%.2f\"", 0.6 * sc->u);
	fputs(">\n", f);
	for (igraph_integer_t i = 0; i < sc->n_nodes; i++) {
		const co_scene_node *d = &sc->nodes[sc->order[i]];

		fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"", d->x, d->y, d->r);
		put_color(f, "fill", co_scene_node_fill(sc, d));
		fputs("><title>", f);
		put_escaped(f, d->org->name && d->org->name[0] ? d->org->name : d->org->key);
		fputs("</title></circle>\n", f);
	}
	for (igraph_integer_t v = 0; v < sc->n_nodes; v++)
		if (sc->nodes[v].ego)
			fprintf(f, "<circle class=\"ego\" cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"none\""
			        " stroke=\"#212126\" stroke-opacity=\"1\" stroke-width=\"%.2f\"/>\n",
			        sc->nodes[v].x, sc->nodes[v].y, sc->nodes[v].r + 3 * sc->u, 2 * sc->u);
	fputs("</g>\n", f);
}

co_status co_svg_write(const co_scene *sc, FILE *f, const char *path)
{
	errno = 0;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
	        " viewBox=\"0 0 %.0f %.0f\" font-family=\"%s, sans-serif\">\n",
	        sc->width, sc->height, sc->width, sc->height, CO_SCENE_FONT);
	fputs("<title>", f);
	put_escaped(f, sc->title);
	fputs("</title>\n", f);
	fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", sc->width, sc->height);
	put_regions(f, sc);
	if (sc->n_frames) {
		fputs("<g id=\"frames\">\n", f);
		for (size_t i = 0; i < sc->n_frames; i++)
			put_mark(f, &sc->frames[i]);
		fputs("</g>\n", f);
	}
	put_ties(f, sc);
	put_nodes(f, sc);
	fputs("<g id=\"labels\">\n", f);
	for (size_t k = 0; k < sc->n_labels; k++) {
		const co_scene_label *l = &sc->labels[k];

		if (l->leader)
			fprintf(f, "<line class=\"leader\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\""
			        " stroke=\"#212126\" stroke-opacity=\"0.7\" stroke-width=\"%.2f\"/>\n",
			        l->lx0, l->ly0, l->lx1, l->ly1, 0.8 * sc->u);
	}
	for (size_t k = 0; k < sc->n_labels; k++)
		put_text(f, &sc->labels[k].text, sc->labels[k].halo ? 2.6 * sc->u : 0, "label");
	fputs("</g>\n<g id=\"legend\">\n", f);
	for (size_t i = 0; i < sc->n_marks; i++)
		put_mark(f, &sc->marks[i]);
	for (size_t i = 0; i < sc->n_texts; i++) {
		static const char *const classes[] = {"title", "subtitle", "caption", "legend", "note",
		                                      "label"};
		put_text(f, &sc->texts[i], 0, classes[sc->texts[i].role]);
	}
	fputs("</g>\n</svg>\n", f);
	if (ferror(f))
		return co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
	return CO_OK;
}
