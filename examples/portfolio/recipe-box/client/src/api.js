const BASE_URL = '/api/recipes'

async function handleResponse(res) {
  if (!res.ok) {
    // the server sends { error } for 4xx/5xx, but a proxy error page won't be JSON
    let message = `Request failed (${res.status})`
    try {
      const body = await res.json()
      if (body.error) message = body.error
    } catch {
      // not JSON, keep the generic message
    }
    throw new Error(message)
  }
  if (res.status === 204) return null
  return res.json()
}

/**
 * Fetch recipes, optionally filtered.
 * @param {{ q?: string, tag?: string }} [filters]
 * @returns {Promise<Array>} list of recipes, newest first
 */
export async function getRecipes(filters = {}) {
  const params = new URLSearchParams()
  if (filters.q) params.set('q', filters.q)
  if (filters.tag) params.set('tag', filters.tag)
  const res = await fetch(`${BASE_URL}?${params}`)
  return handleResponse(res)
}

/**
 * Save a new recipe.
 * @param {object} recipe - title is required
 * @returns {Promise<object>} the saved recipe including its _id
 */
export async function createRecipe(recipe) {
  const res = await fetch(BASE_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(recipe),
  })
  return handleResponse(res)
}

export async function updateRecipe(id, changes) {
  const res = await fetch(`${BASE_URL}/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(changes),
  })
  return handleResponse(res)
}

export async function deleteRecipe(id) {
  const res = await fetch(`${BASE_URL}/${id}`, { method: 'DELETE' })
  return handleResponse(res)
}
