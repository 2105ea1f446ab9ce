import { describe, expect, it } from 'vitest'
import { readFormData } from './form-data.server'

/** The status of the error answer readFormData throws (a `data()` wrapper). */
async function refusal(request: Request) {
  try {
    await readFormData(request)
  } catch (error) {
    return (error as { init?: { status?: number } }).init?.status
  }
  throw new Error('the body was read as a form')
}

const post = (headers: Record<string, string>, body: BodyInit | null) => new Request('http://localhost:3000/login', { method: 'POST', headers, body })

describe('readFormData', () => {
  it('reads URL-encoded and multipart forms', async () => {
    const urlEncoded = await readFormData(post({ 'Content-Type': 'application/x-www-form-urlencoded' }, 'email=a%40b.example&x=1'))
    expect(urlEncoded.get('email')).toBe('a@b.example')
    const multipart = new FormData()
    multipart.append('email', 'a@b.example')
    expect((await readFormData(new Request('http://localhost:3000/login', { method: 'POST', body: multipart }))).get('email')).toBe('a@b.example')
  })

  it('answers 415 for a body that is no form: text, JSON, none', async () => {
    expect(await refusal(post({ 'Content-Type': 'text/plain' }, 'email=a'))).toBe(415)
    expect(await refusal(post({ 'Content-Type': 'application/json' }, '{"email":"a"}'))).toBe(415)
    expect(await refusal(post({}, null))).toBe(415)
  })

  it('answers 400 for a broken multipart body', async () => {
    expect(await refusal(post({ 'Content-Type': 'multipart/form-data; boundary=xyz' }, 'garbage, no boundary in sight'))).toBe(400)
    expect(
      await refusal(post({ 'Content-Type': 'multipart/form-data; boundary=xyz' }, '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated')),
    ).toBe(400)
  })
})
