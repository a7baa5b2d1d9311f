/* htc-association.h: supervised term weights from how consistently a term's users, counted by
 * artist, lean to one class.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A term a few prolific artists use all the time looks, song by song, like a strong sign of
 * their class; the logistic regression then learns who is rapping, which does not carry to an
 * unseen artist. Counted by artist it is just a few votes. For term j over the listed rows:
 *
 *   u_aj  = share of artist a's rows that use j (a count > 0)
 *   N_jc  = sum of u_aj over the artists a of class c;   n_j = sum over c of N_jc
 *   pi_c  = share of the artists that are of class c
 *   P_jc  = (N_jc + m pi_c) / (n_j + m)        (m = prior_artists pseudo-artists at the prior)
 *   D_j   = sum over c with pi_c > 0 of (P_jc - pi_c)^2 / pi_c   (chi-squared divergence)
 *   w_j   = (D_j / mean D)^(alpha / 2)         (mean over the terms kept and used)
 *
 * so a term whose users, artist by artist, fall in one class weighs more than one spread like
 * the artists themselves. Terms switched off by keep, or used by no listed row, get 0. An
 * artist's rows must all have one class (the first row's class counts).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-csr.h"
#include "htc-status.h"

/* row_artist and row_class are indexed by row number of counts (not by position in rows);
 * artists < n_artists, classes < n_classes. keep (n_cols entries) may be NULL. alpha >= 0,
 * prior_artists >= 0. weights has counts->n_cols entries. */
HtcStatus htc_association_weights (const HtcCsr   *counts,
                                   const size_t   *rows,
                                   size_t          n_rows,
                                   const uint32_t *row_artist,
                                   size_t          n_artists,
                                   const int32_t  *row_class,
                                   size_t          n_classes,
                                   const uint8_t  *keep,
                                   double          prior_artists,
                                   double          alpha,
                                   float          *weights);
