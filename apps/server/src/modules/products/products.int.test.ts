import { expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

describeEachDatabase('products catalogue', (get) => {
  it('keeps exact prices and stock, searches by words and SKU, and pages by name', async () => {
    const admin = await signUp(get());
    const created = await admin.client.post('/api/products', {
      name: 'Окно ПВХ двухстворчатое',
      sku: 'OK-1200',
      price: '18999.90',
      vatRate: '20',
      stock: 12.5,
      description: 'Профиль REHAU, монтаж под ключ',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      price: '18999.9',
      stock: '12.5',
      unit: 'шт',
      currency: 'RUB',
      vatRate: '20',
      active: true,
    });
    expect(created.headers.etag).toBe('"v1"');
    await admin.client.post('/api/products', { name: 'Монтаж окна', price: 3500, unit: 'усл.' });
    await admin.client.post('/api/products', { name: 'Подоконник', price: '0.10' });
    const names = async (query: string) =>
      (await admin.client.get(`/api/products?${query}`)).body.items.map((p: { name: string }) => p.name);
    expect(await names('search=окна')).toEqual(['Монтаж окна', 'Окно ПВХ двухстворчатое']);
    expect(await names('search=ok-1200')).toEqual(['Окно ПВХ двухстворчатое']);
    expect(await names('search=монтажом')).toEqual(['Монтаж окна', 'Окно ПВХ двухстворчатое']);
    const first = await admin.client.get('/api/products?limit=2');
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual([
      'Монтаж окна',
      'Окно ПВХ двухстворчатое',
    ]);
    const second = await admin.client.get(`/api/products?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p: { name: string; price: string }) => [p.name, p.price])).toEqual([
      ['Подоконник', '0.1'],
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses bad prices, a duplicate SKU and stale writes, naming the field, writing nothing', async () => {
    const admin = await signUp(get());
    const window = await admin.client.post('/api/products', { name: 'Окно', sku: 'W-1', price: '100' });
    const before = await databaseChecksum(get());
    const badPrice = await admin.client.post('/api/products', { name: 'X', price: '12.345' });
    expect(badPrice.status).toBe(400);
    expect(badPrice.body.errors[0].field).toBe('body.price');
    const negative = await admin.client.post('/api/products', { name: 'X', price: '-5' });
    expect(negative.status).toBeGreaterThanOrEqual(400);
    expect(negative.status).toBeLessThan(500);
    const duplicate = await admin.client.post('/api/products', {
      name: 'Другое окно',
      sku: 'w-1',
      price: '1',
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: 'duplicate_sku', errors: [{ field: 'body.sku' }] });
    expect(await databaseChecksum(get())).toBe(before);

    const url = `/api/products/${window.body.id}`;
    const changed = await admin.client.request(
      'PATCH',
      url,
      { price: '120.50', active: false },
      { 'if-match': '"v1"' },
    );
    expect(changed.body).toMatchObject({ price: '120.5', active: false, version: 2 });
    const stale = await admin.client.request('PATCH', url, { price: '1' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    expect((await admin.client.get(url)).body.price).toBe('120.5');
    expect((await admin.client.get('/api/products?active=false')).body.items).toHaveLength(1);
  });

  it('members read the catalogue but cannot change it; another account’s products are absent', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const product = await admin.client.post('/api/products', { name: 'Дверь', price: '9000' });
    const foreign = await other.client.post('/api/products', { name: 'Чужая дверь', price: '1' });
    expect((await member.client.get('/api/products')).body.items).toHaveLength(1);
    const before = await databaseChecksum(get());
    expect((await member.client.post('/api/products', { name: 'X', price: '1' })).status).toBe(403);
    expect((await member.client.patch(`/api/products/${product.body.id}`, { price: '1' })).status).toBe(403);
    expect((await member.client.delete(`/api/products/${product.body.id}`)).status).toBe(403);
    expect((await admin.client.get(`/api/products/${foreign.body.id}`)).status).toBe(404);
    expect((await admin.client.patch(`/api/products/${foreign.body.id}`, { price: '2' })).status).toBe(404);
    expect((await admin.client.delete(`/api/products/${foreign.body.id}`)).status).toBe(404);
    expect((await admin.client.get('/api/products?search=чужая')).body.items).toEqual([]);
    expect(await databaseChecksum(get())).toBe(before);
  });
});
