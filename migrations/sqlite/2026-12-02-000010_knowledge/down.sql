DELETE FROM role_privileges WHERE entity IN ('knowledge-articles', 'article-templates');
DROP TABLE knowledge_search;
DROP TABLE knowledge_search_docs;
DROP TABLE case_articles;
DROP TABLE knowledge_article_comments;
DROP TABLE knowledge_articles;
DROP TABLE article_templates;
DELETE FROM record_numbers WHERE name = 'knowledge-articles';
