// MicroPython's `mp_map_t` (dicts, class and instance namespaces, module globals, kwargs) and
// `mp_set_t`, replacing py/map.c (build.rs leaves that file out).
//
// Maps keep their entries in insertion order, as CPython 3.7+ does, with O(1) average lookup,
// insertion and deletion. The `mp_map_t` header and the API of py/obj.h are unchanged:
//
// - A fixed, ordered map (`is_fixed && is_ordered`: ROM tables in C and Rust, kwargs tables,
//   the empty dict) is a plain array of `used` entries searched linearly, as before.
// - Every other map with `alloc > 0` owns one GC block laid out as
//       mp_map_elem_t entry[alloc];   insertion order; a deleted entry has key MP_OBJ_SENTINEL
//                                     (and value NULL), a never-used one key MP_OBJ_NULL
//       mp_uint_t hash[alloc];        each entry's hash; absent while all keys are qstrs
//                                     (`all_keys_are_qstrs`), whose hashes are in the qstr pool
//   and, past SMALL_MAX (8) entries,
//       size_t end;                   entries [0, end) have been used
//       size_t fill;                  index slots that are not empty (live + deleted)
//       index[isize];                 u8, u16 or u32 slots: 0 empty, 1 deleted, k + 2 entry k
//   So `table[0..alloc)` is what it always was to the rest of the code (iterating it with
//   `mp_map_slot_is_filled` yields the items, now in insertion order), and what follows is
//   ours alone. A small map (instance attributes, kwargs, most dicts) is searched by a scan,
//   and its block is the size py/map.c's was. The GC scans the whole block conservatively; the
//   hashes, counts and index are integers, which at worst keep some garbage alive.
// - The index has a power-of-two size at least 1.5 times `alloc` and is probed as CPython's:
//   first slot `hash & mask`, then `i = 5 * i + 1 + perturb` with `perturb` the hash shifted
//   right 5 bits more at each step, so that every bit of the hash soon counts. Consecutive
//   integers take consecutive slots. (Strings hash to 32 bits: see build.rs.)
// - Deleting marks the entry and its slot deleted; trailing deleted entries are given back at
//   once (so popitem() is O(1)). When the entries or the index run out, the map is rebuilt
//   into a block sized for 1.5 times the live entries: compaction and growth in one pass that
//   keeps the order and needs no hashing (hashes are stored or are the qstrs').
// - Stored hashes also mean that, as in CPython, `__eq__` is only called on keys whose hash
//   matches, and that `__hash__` is called once per key and never again on a resize.
//
// Sets stay unordered, as in CPython, and follow CPython's set table: a power-of-two table of
// at least 8 slots, first slot `hash & mask`, up to 9 linear probes and then perturbed jumps,
// resized to 4 times the live entries (2 times past 50,000) when 60% full. Small integers
// therefore come out in the order CPython prints them. The table block ends with two words of
// ours after `alloc` slots: the fill (live + deleted) and pop()'s finger.

#include <string.h>

#include "py/runtime.h"
#include "upy.h"

#if MICROPY_OPT_MAP_LOOKUP_CACHE
// A cache shared by all maps of the last known entry of a key (see py/map.c): on a hit, the
// lookup costs no hashing and no scan of a fixed table.
#define MAP_CACHE_ENTRY(index) (MP_STATE_VM(map_lookup_cache)[(((uintptr_t)(index)) >> 2) % MICROPY_OPT_MAP_LOOKUP_CACHE_SIZE])
#define MAP_CACHE_SET(index, pos) (MAP_CACHE_ENTRY(index) = (pos) & 0xff)
#else
#define MAP_CACHE_SET(index, pos) ((void)0)
#endif

// Hashes as `hash()` gives them (a small int), whether the key is a qstr or not.
static inline mp_uint_t hash_norm(mp_uint_t h) {
    return (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(MP_OBJ_NEW_SMALL_INT(h));
}

static inline mp_uint_t qstr_key_hash(mp_obj_t key) {
    return hash_norm(qstr_hash(MP_OBJ_QSTR_VALUE(key)));
}

// May raise TypeError (unhashable) or whatever a `__hash__` raises.
static inline mp_uint_t key_hash(mp_obj_t key) {
    if (mp_obj_is_small_int(key)) {
        return MP_OBJ_SMALL_INT_VALUE(key);
    }
    if (mp_obj_is_qstr(key)) {
        return qstr_key_hash(key);
    }
    return (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(mp_unary_op(MP_UNARY_OP_HASH, key));
}

/******************************************************************************/
/* map                                                                        */

// Maps of up to SMALL_MAX entries have no index (nor counts): a search scans the entries,
// which costs no more than hashing would, and the block is the size py/map.c's was.
#define SMALL_MAX (8)

#define IX_EMPTY (0)
#define IX_DELETED (1)
#define IX_ENTRY(k) ((k) + 2)

typedef struct _map_meta_t {
    size_t end;
    size_t fill;
} map_meta_t;

typedef struct _map_layout_t {
    mp_map_elem_t *entries;
    mp_uint_t *hashes; // NULL when all keys are qstrs
    map_meta_t *meta;  // NULL for a small map
    void *index;       // NULL for a small map
    size_t mask;       // index size - 1
    unsigned width;    // bytes per index slot
} map_layout_t;

static inline bool is_small(size_t alloc) {
    return alloc <= SMALL_MAX;
}

static inline unsigned index_bits(size_t alloc) {
    size_t need = alloc + alloc / 2 + 1; // > alloc: an empty slot always remains
    return 32 - __builtin_clz((unsigned)(need - 1));
}

static inline unsigned index_width(unsigned bits) {
    return bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
}

static size_t block_bytes(size_t alloc, bool hashes) {
    size_t bytes = alloc * (sizeof(mp_map_elem_t) + (hashes ? sizeof(mp_uint_t) : 0));
    if (!is_small(alloc)) {
        unsigned bits = index_bits(alloc);
        bytes += sizeof(map_meta_t) + ((size_t)index_width(bits) << bits);
    }
    return bytes;
}

static void layout_of(mp_map_elem_t *table, size_t alloc, bool hashes, map_layout_t *l) {
    l->entries = table;
    l->hashes = hashes ? (mp_uint_t *)(table + alloc) : NULL;
    if (is_small(alloc)) {
        l->meta = NULL;
        l->index = NULL;
        return;
    }
    l->meta = (map_meta_t *)((byte *)(table + alloc) + (hashes ? alloc * sizeof(mp_uint_t) : 0));
    l->index = l->meta + 1;
    unsigned bits = index_bits(alloc);
    l->mask = ((size_t)1 << bits) - 1;
    l->width = index_width(bits);
}

static inline void map_layout(const mp_map_t *map, map_layout_t *l) {
    layout_of(map->table, map->alloc, !map->all_keys_are_qstrs, l);
}

// Entries [0, end) have been used: the rest are NULL.
static size_t map_end(const mp_map_t *map, const map_layout_t *l) {
    if (l->meta) {
        return l->meta->end;
    }
    size_t end = map->alloc;
    while (end > 0 && l->entries[end - 1].key == MP_OBJ_NULL) {
        end--;
    }
    return end;
}

static inline size_t ix_get(const map_layout_t *l, size_t i) {
    switch (l->width) {
        case 1:
            return ((const uint8_t *)l->index)[i];
        case 2:
            return ((const uint16_t *)l->index)[i];
        default:
            return ((const uint32_t *)l->index)[i];
    }
}

static inline void ix_set(const map_layout_t *l, size_t i, size_t v) {
    switch (l->width) {
        case 1:
            ((uint8_t *)l->index)[i] = v;
            break;
        case 2:
            ((uint16_t *)l->index)[i] = v;
            break;
        default:
            ((uint32_t *)l->index)[i] = v;
            break;
    }
}

// The probe sequence of a hash, as CPython's: `ix_first`, then `ix_next` until a slot fits.
#define PERTURB_SHIFT (5)

static inline size_t ix_first(const map_layout_t *l, mp_uint_t hash, mp_uint_t *perturb) {
    *perturb = hash;
    return hash & l->mask;
}

static inline size_t ix_next(const map_layout_t *l, size_t i, mp_uint_t *perturb) {
    *perturb >>= PERTURB_SHIFT;
    return (i * 5 + *perturb + 1) & l->mask;
}

static inline mp_uint_t entry_hash(const map_layout_t *l, size_t k) {
    return l->hashes ? l->hashes[k] : qstr_key_hash(l->entries[k].key);
}

// The first empty slot on the probe path of `hash` (the key is known to be absent).
static size_t ix_find_empty(const map_layout_t *l, mp_uint_t hash) {
    mp_uint_t perturb;
    size_t i = ix_first(l, hash, &perturb);
    while (ix_get(l, i) != IX_EMPTY) {
        i = ix_next(l, i, &perturb);
    }
    return i;
}

// The slot that points to entry k, whose hash is `hash`.
static size_t ix_find_entry(const map_layout_t *l, mp_uint_t hash, size_t k) {
    mp_uint_t perturb;
    size_t i = ix_first(l, hash, &perturb);
    while (ix_get(l, i) != IX_ENTRY(k)) {
        assert(ix_get(l, i) != IX_EMPTY);
        i = ix_next(l, i, &perturb);
    }
    return i;
}

// A new block of `alloc` entries holding the live entries of `src` in order, compacted.
// `src` is unchanged (it may be fixed); `hashes` says whether the new block stores hashes,
// which it must unless every key is a qstr.
static mp_map_elem_t *map_build(const mp_map_t *src, size_t alloc, bool hashes) {
    mp_map_elem_t *table = (mp_map_elem_t *)m_malloc0(block_bytes(alloc, hashes));
    map_layout_t n;
    layout_of(table, alloc, hashes, &n);
    bool fixed = src->is_fixed && src->is_ordered;
    map_layout_t o;
    size_t end = src->used;
    if (!fixed && src->alloc > 0) {
        map_layout(src, &o);
        end = map_end(src, &o);
    } else if (!fixed) {
        end = 0;
    }
    size_t j = 0;
    for (size_t k = 0; k < end; k++) {
        mp_obj_t key = src->table[k].key;
        if (key == MP_OBJ_NULL || key == MP_OBJ_SENTINEL) {
            continue;
        }
        mp_uint_t hash = fixed ? key_hash(key) : entry_hash(&o, k);
        n.entries[j] = src->table[k];
        if (hashes) {
            n.hashes[j] = hash;
        }
        if (n.index) {
            ix_set(&n, ix_find_empty(&n, hash), IX_ENTRY(j));
        }
        j++;
    }
    if (n.meta) {
        n.meta->end = j;
        n.meta->fill = j;
    }
    return table;
}

static void map_free_table(mp_map_t *map) {
    if (!map->is_fixed && map->alloc > 0) {
        m_del(byte, map->table, block_bytes(map->alloc, !map->all_keys_are_qstrs));
    }
}

// Rebuilds a dynamic map with room for one more entry, and at least `min_alloc` entries
// (and stored hashes if `hashes`). Small maps grow by two entries (a GC block), others by half.
static void map_rebuild(mp_map_t *map, bool hashes, size_t min_alloc) {
    size_t need = map->used + 1;
    size_t alloc = is_small(need) ? (need + 1) & ~(size_t)1 : need + need / 2 + 1;
    alloc = MAX(alloc, min_alloc);
    mp_map_elem_t *table = map_build(map, alloc, hashes);
    map_free_table(map);
    map->table = table;
    map->alloc = alloc;
    map->all_keys_are_qstrs = !hashes;
}

void mp_map_init(mp_map_t *map, size_t n) {
    map->used = 0;
    map->all_keys_are_qstrs = 1;
    map->is_fixed = 0;
    map->is_ordered = 0;
    map->alloc = n;
    map->table = n == 0 ? NULL : (mp_map_elem_t *)m_malloc0(block_bytes(n, false));
}

void mp_map_init_fixed_table(mp_map_t *map, size_t n, const mp_obj_t *table) {
    map->alloc = n;
    map->used = n;
    map->all_keys_are_qstrs = 1;
    map->is_fixed = 1;
    map->is_ordered = 1;
    map->table = (mp_map_elem_t *)table;
}

// Differentiate from mp_map_clear() - semantics is different
void mp_map_deinit(mp_map_t *map) {
    map_free_table(map);
    map->used = map->alloc = 0;
}

void mp_map_clear(mp_map_t *map) {
    map_free_table(map);
    map->alloc = 0;
    map->used = 0;
    map->all_keys_are_qstrs = 1;
    map->is_fixed = 0;
    map->table = NULL;
}

// Lookup in a fixed, ordered table (ROM and kwargs): a linear search, as py/map.c does.
static mp_map_elem_t *fixed_lookup(mp_map_t *map, mp_obj_t index) {
    bool compare_only_ptrs = map->all_keys_are_qstrs;
    if (compare_only_ptrs && !mp_obj_is_qstr(index)) {
        if (!mp_obj_is_exact_type(index, &mp_type_str)) {
            return NULL; // not a str: it can't equal a qstr
        }
        compare_only_ptrs = false;
    }
    for (mp_map_elem_t *elem = &map->table[0], *top = &map->table[map->used]; elem < top; elem++) {
        if (elem->key == index || (!compare_only_ptrs && mp_obj_equal(elem->key, index))) {
            MAP_CACHE_SET(index, elem - map->table);
            return elem;
        }
    }
    return NULL;
}

// What MP_MAP_LOOKUP_REMOVE_IF_FOUND returns: the removed entry's value with a NULL key. The
// entry itself is cleared so that the map holds no reference to the value.
static mp_map_elem_t removed_elem;

// Removes live entry k, whose index slot is i (large maps); trailing deleted entries are
// given back, so that the last entry before `end` is always live.
static mp_map_elem_t *map_remove(mp_map_t *map, const map_layout_t *l, size_t i, size_t k) {
    size_t end = map_end(map, l);
    if (l->index) {
        ix_set(l, i, IX_DELETED);
    }
    removed_elem.key = MP_OBJ_NULL;
    removed_elem.value = l->entries[k].value;
    l->entries[k].key = MP_OBJ_SENTINEL;
    l->entries[k].value = MP_OBJ_NULL;
    map->used--;
    while (end > 0 && l->entries[end - 1].key == MP_OBJ_SENTINEL) {
        l->entries[--end].key = MP_OBJ_NULL;
    }
    if (l->meta) {
        l->meta->end = end;
    }
    return &removed_elem;
}

// MP_MAP_LOOKUP behaviour:
//  - returns NULL if not found, else the slot it was found in with key,value non-null
// MP_MAP_LOOKUP_ADD_IF_NOT_FOUND behaviour:
//  - returns slot, with key non-null and value=MP_OBJ_NULL if it was added
// MP_MAP_LOOKUP_REMOVE_IF_FOUND behaviour:
//  - returns NULL if not found, else a slot with key null and value non-null
static mp_map_elem_t *map_lookup_uncached(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind);

mp_map_elem_t *MICROPY_WRAP_MP_MAP_LOOKUP(mp_map_lookup)(mp_map_t * map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {
    // If the map is a fixed array then we must only be called for a lookup
    assert(!map->is_fixed || lookup_kind == MP_MAP_LOOKUP);

    #if MICROPY_OPT_MAP_LOOKUP_CACHE
    // Try the cache for lookup or add-if-not-found. A key equal to the index is live.
    if (lookup_kind != MP_MAP_LOOKUP_REMOVE_IF_FOUND && map->alloc) {
        // A compare, not py/map.c's `% alloc`: a division was a third of a cache hit's time.
        size_t pos = MAP_CACHE_ENTRY(index);
        mp_map_elem_t *slot = &map->table[pos];
        if (pos < map->alloc && slot->key == index) {
            return slot;
        }
    }
    #endif
    return map_lookup_uncached(map, index, lookup_kind);
}

// Out of line, so that a cache hit does not pay for this part's frame: wasmtime's compiler
// sets up a function's whole frame (saved registers, spill slots) on entry, whatever path the
// call then takes.
static MP_NOINLINE mp_map_elem_t *map_lookup_uncached(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {
    if (map->is_fixed && map->is_ordered) {
        return fixed_lookup(map, index);
    }

    // The hash of a qstr is only needed where keys are not all qstrs, or for the index.
    bool index_is_qstr = mp_obj_is_qstr(index);
    bool have_hash = !index_is_qstr;
    mp_uint_t hash = have_hash ? key_hash(index) : 0; // raises if unhashable, as in CPython

restart:
    if (map->alloc == 0) {
        if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
            return NULL;
        }
        map_rebuild(map, !index_is_qstr, 0);
    }
    bool compare_only_ptrs = index_is_qstr && map->all_keys_are_qstrs;
    map_layout_t l;
    map_layout(map, &l);
    if (!have_hash && (!compare_only_ptrs || l.index)) {
        hash = qstr_key_hash(index);
        have_hash = true;
    }

    size_t k; // the entry found or, if none, where to put it (small maps)
    size_t i = 0; // the index slot of entry k, or where to put it (large maps)
    size_t avail = (size_t)-1; // the first deleted index slot on the path
    mp_uint_t perturb = 0;
    if (!l.index) {
        // a small map: scan the entries
        for (k = 0; k < map->alloc; k++) {
            mp_obj_t key = l.entries[k].key;
            if (key == index) {
                goto found;
            }
            if (key == MP_OBJ_NULL) {
                break;
            }
            if (!compare_only_ptrs && key != MP_OBJ_SENTINEL && entry_hash(&l, k) == hash) {
                bool equal = mp_obj_equal(key, index);
                if (map->table != l.entries || l.entries[k].key != key) {
                    goto restart; // an __eq__ changed the map
                }
                if (equal) {
                    goto found;
                }
            }
        }
    } else {
        for (i = ix_first(&l, hash, &perturb);; i = ix_next(&l, i, &perturb)) {
            size_t s = ix_get(&l, i);
            if (s == IX_EMPTY) {
                break;
            }
            if (s == IX_DELETED) {
                if (avail == (size_t)-1) {
                    avail = i;
                }
                continue;
            }
            k = s - 2;
            mp_obj_t key = l.entries[k].key;
            if (key == index) {
                goto found;
            }
            if (!compare_only_ptrs && entry_hash(&l, k) == hash) {
                bool equal = mp_obj_equal(key, index);
                if (map->table != l.entries || ix_get(&l, i) != s || l.entries[k].key != key) {
                    goto restart; // an __eq__ changed the map
                }
                if (equal) {
                    goto found;
                }
            }
        }
        k = l.meta->end;
    }

    // not found
    if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
        return NULL;
    }
    bool hashes = !index_is_qstr || !map->all_keys_are_qstrs;
    bool full = k == map->alloc || (l.meta && avail == (size_t)-1 && l.meta->fill == map->alloc);
    if (full || hashes != !map->all_keys_are_qstrs) {
        // out of entries or index slots, or the first key that is not a qstr (which keeps the
        // size a dict was made with); then search again, for the place
        map_rebuild(map, hashes, full ? 0 : map->alloc);
        goto restart;
    }
    if (l.index) {
        if (avail != (size_t)-1) {
            i = avail;
        } else {
            l.meta->fill++;
        }
        l.meta->end++;
        ix_set(&l, i, IX_ENTRY(k));
    }
    if (l.hashes) {
        l.hashes[k] = hash;
    }
    l.entries[k].key = index;
    l.entries[k].value = MP_OBJ_NULL;
    map->used++;
    MAP_CACHE_SET(index, k);
    return &l.entries[k];

found:
    // Note: CPython does not replace the index; try x={True:'true'};x[1]='one';x
    if (lookup_kind == MP_MAP_LOOKUP_REMOVE_IF_FOUND) {
        return map_remove(map, &l, i, k);
    }
    MAP_CACHE_SET(index, k);
    return &l.entries[k];
}

// dict.copy(): the live entries of `src` (any map), in order, in a new dynamic map `dst`.
void upy_map_copy(mp_map_t *dst, const mp_map_t *src) {
    bool hashes = !src->all_keys_are_qstrs;
    if (src->is_fixed && src->is_ordered) {
        hashes = false;
        for (size_t k = 0; k < src->used; k++) {
            hashes |= !mp_obj_is_qstr(src->table[k].key);
        }
    }
    dst->is_fixed = 0;
    dst->is_ordered = src->is_fixed ? 0 : src->is_ordered;
    dst->all_keys_are_qstrs = !hashes;
    dst->used = src->used;
    dst->alloc = src->used;
    dst->table = src->used == 0 ? NULL : map_build(src, src->used, hashes);
}

// dict.popitem(): removes the last entry, storing its key and value in item[0..2].
void upy_map_pop_last(mp_map_t *map, mp_obj_t *item) {
    assert(map->used > 0 && !map->is_fixed);
    map_layout_t l;
    map_layout(map, &l);
    size_t k = map_end(map, &l) - 1; // the last entry before the end is live
    item[0] = l.entries[k].key;
    item[1] = l.entries[k].value;
    size_t i = l.index ? ix_find_entry(&l, entry_hash(&l, k), k) : 0;
    map_remove(map, &l, i, k);
    removed_elem.value = MP_OBJ_NULL;
}

// reversed(dict) (objreversed.c calls it): an iterator over the keys, last inserted first,
// walking the entries as dict iteration does, backwards.
mp_obj_t upy_dict_reversed(mp_obj_t dict) {
    mp_map_t *map = mp_obj_dict_get_map(dict);
    mp_obj_t keys = mp_obj_new_list(0, NULL);
    for (size_t i = map->alloc; i-- > 0;) {
        if (mp_map_slot_is_filled(map, i)) {
            mp_obj_list_append(keys, map->table[i].key);
        }
    }
    return mp_getiter(keys, NULL);
}

// hash() of a tuple (objtuple.c calls it): CPython's algorithm, xxHash's mixing of the item
// hashes, with 32-bit lanes.
mp_obj_t upy_tuple_hash(size_t len, const mp_obj_t *items) {
    UPY_RECURSION_GUARD(); // nested tuples hash recursively
    uint32_t acc = 374761393u;
    for (size_t i = 0; i < len; i++) {
        uint32_t lane = (uint32_t)key_hash(items[i]);
        acc += lane * 2246822519u;
        acc = (acc << 13) | (acc >> 19);
        acc *= 2654435761u;
    }
    acc += (uint32_t)len ^ (374761393u ^ 3527539u);
    return MP_OBJ_NEW_SMALL_INT(hash_norm(acc));
}

/******************************************************************************/
/* set                                                                        */

#if MICROPY_PY_BUILTINS_SET

#define SET_MIN_SIZE (8)
#define SET_LINEAR_PROBES (9)
#define SET_PERTURB_SHIFT (5)

// The words after the table's `alloc` slots.
#define SET_FILL(set) (((size_t *)((set)->table + (set)->alloc))[0])
#define SET_FINGER(set) (((size_t *)((set)->table + (set)->alloc))[1])

static void set_alloc_table(mp_set_t *set, size_t alloc) {
    set->alloc = alloc;
    set->used = 0;
    set->table = alloc == 0 ? NULL : m_new0(mp_obj_t, alloc + 2);
}

void mp_set_init(mp_set_t *set, size_t n) {
    size_t alloc = 0;
    if (n > 0) {
        // a power of two >= n (so that set.copy() gets the same size back)
        for (alloc = SET_MIN_SIZE; alloc < n; alloc <<= 1) {
        }
    }
    set_alloc_table(set, alloc);
}

// The slot where `index` is, or the empty or deleted slot where it would go (in *avail_out,
// NULL if none was deleted: then the returned empty slot is the place). NULL if an `__eq__`
// changed the set: the caller starts again.
static mp_obj_t *set_probe(mp_set_t *set, mp_obj_t index, mp_uint_t hash, mp_obj_t **avail_out, bool *found) {
    size_t mask = set->alloc - 1;
    size_t i = hash & mask;
    size_t perturb = hash;
    mp_obj_t *avail = NULL;
    mp_obj_t *table = set->table;
    for (;;) {
        size_t probes = i + SET_LINEAR_PROBES <= mask ? SET_LINEAR_PROBES : 0;
        mp_obj_t *slot = &table[i];
        for (;;) {
            mp_obj_t elem = *slot;
            if (elem == MP_OBJ_NULL) {
                *avail_out = avail;
                *found = false;
                return slot;
            }
            if (elem == MP_OBJ_SENTINEL) {
                if (avail == NULL) {
                    avail = slot;
                }
            } else {
                bool equal = elem == index || mp_obj_equal(elem, index);
                if (set->table != table || *slot != elem) {
                    return NULL;
                }
                if (equal) {
                    *found = true;
                    return slot;
                }
            }
            if (probes-- == 0) {
                break;
            }
            slot++;
        }
        perturb >>= SET_PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// Moves the live elements into a new table that holds `minused` of them below 60% full.
static void set_resize(mp_set_t *set, size_t minused) {
    size_t alloc = SET_MIN_SIZE;
    while (alloc <= minused) {
        alloc <<= 1;
    }
    mp_set_t old = *set;
    set_alloc_table(set, alloc);
    for (size_t k = 0; k < old.alloc; k++) {
        mp_obj_t elem = old.table[k];
        if (elem != MP_OBJ_NULL && elem != MP_OBJ_SENTINEL) {
            // the elements are distinct: only the first empty slot of the path is needed
            mp_uint_t hash = key_hash(elem);
            size_t mask = alloc - 1, i = hash & mask, perturb = hash;
            for (;;) {
                size_t probes = i + SET_LINEAR_PROBES <= mask ? SET_LINEAR_PROBES : 0;
                size_t j = i;
                while (set->table[j] != MP_OBJ_NULL && probes-- > 0) {
                    j++;
                }
                if (set->table[j] == MP_OBJ_NULL) {
                    set->table[j] = elem;
                    break;
                }
                perturb >>= SET_PERTURB_SHIFT;
                i = (i * 5 + 1 + perturb) & mask;
            }
        }
    }
    set->used = old.used;
    SET_FILL(set) = old.used;
    if (old.alloc > 0) {
        m_del(mp_obj_t, old.table, old.alloc + 2);
    }
}

mp_obj_t mp_set_lookup(mp_set_t *set, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {
    // Note: lookup_kind can be MP_MAP_LOOKUP_ADD_IF_NOT_FOUND_OR_REMOVE_IF_FOUND which
    // is handled by using bitwise operations.
    mp_uint_t hash = key_hash(index);
    mp_obj_t *slot, *avail;
    bool found;
    do {
        if (set->alloc == 0) {
            if (!(lookup_kind & MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)) {
                return MP_OBJ_NULL;
            }
            set_alloc_table(set, SET_MIN_SIZE);
        }
        slot = set_probe(set, index, hash, &avail, &found);
    } while (slot == NULL);
    if (found) {
        mp_obj_t elem = *slot;
        if (lookup_kind & MP_MAP_LOOKUP_REMOVE_IF_FOUND) {
            *slot = MP_OBJ_SENTINEL;
            set->used--;
        }
        return elem;
    }
    if (!(lookup_kind & MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)) {
        return MP_OBJ_NULL;
    }
    set->used++;
    if (avail != NULL) {
        *avail = index;
        return index;
    }
    *slot = index;
    if (++SET_FILL(set) * 5 >= (set->alloc - 1) * 3) {
        set_resize(set, set->used > 50000 ? set->used * 2 : set->used * 4);
    }
    return index;
}

mp_obj_t mp_set_remove_first(mp_set_t *set) {
    if (set->used == 0) {
        return MP_OBJ_NULL;
    }
    // as CPython's set.pop(): resume the scan where the last one stopped
    size_t i = SET_FINGER(set) & (set->alloc - 1);
    while (!mp_set_slot_is_filled(set, i)) {
        i = (i + 1) & (set->alloc - 1);
    }
    mp_obj_t elem = set->table[i];
    set->table[i] = MP_OBJ_SENTINEL;
    set->used--;
    SET_FINGER(set) = i + 1;
    return elem;
}

void mp_set_clear(mp_set_t *set) {
    if (set->alloc > 0) {
        m_del(mp_obj_t, set->table, set->alloc + 2);
    }
    set->alloc = 0;
    set->used = 0;
    set->table = NULL;
}

// set.copy(): the same table, so the same iteration order.
void upy_set_copy(mp_set_t *dst, const mp_set_t *src) {
    set_alloc_table(dst, src->alloc);
    if (src->alloc > 0) {
        memcpy(dst->table, src->table, (src->alloc + 2) * sizeof(mp_obj_t));
    }
    dst->used = src->used;
}

#endif // MICROPY_PY_BUILTINS_SET
